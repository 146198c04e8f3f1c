package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live objects of the applications an engine manages, kept current by one watch per kind
 * across all namespaces and all applications (as Argo CD's cluster cache), instead of one LIST per
 * kind per application per refresh.
 *
 * <p>A kind is watched from the first time an application owns or desires objects of it
 * ({@link #track}) until no application needs it ({@link #untrack}, {@link #close}). The watch has
 * no label selector (some API servers ignore set-based ones, and one watch serves every
 * application); objects are kept only when they carry the label {@value TrackingMark#LABEL} and
 * are indexed by its value. Until a kind's watch has started and its first LIST is merged,
 * {@link #objects} answers empty and the caller lists the cluster itself.
 *
 * <p><b>Write-through.</b> What the engine writes is put into the cache at once ({@link #written},
 * {@link #deleted}), so the refresh right after a sync does not see the object as it was before
 * the write while the watch event is still on its way.
 *
 * <p><b>Which version wins.</b> Kubernetes calls resourceVersions opaque, but every etcd-backed
 * API server (and fabric8's mock) uses etcd's global revision counter, an integer that only grows.
 * So when both the cached and the incoming resourceVersion parse as integers, an incoming one
 * that is lower is older and ignored (a late watch event must not undo a write-through, nor bring
 * back a deleted object). When either does not parse, the last writer wins: a stale answer then
 * lasts until the next event, and every write the engine makes is guarded by the resourceVersion
 * it re-reads, so a stale cache costs a retry, never a lost update. Deletes leave a tombstone
 * (key and resourceVersion) so an event older than the delete does not revive the object.
 *
 * <p><b>Drops.</b> A watch that ends on its own ({@link ClusterClient#watch(ResourceType, String,
 * Map, Consumer, Consumer) onDrop}) turns its kind back to "not synced" (callers list again), and
 * is re-established in the background with back-off ({@code 500 ms × 2ⁿ}, at most 30 s, waited
 * through the {@link Sleeper}): watch again, LIST, and replace what is cached. Whatever changed or
 * vanished while the watch was down is reported to {@link #subscribe subscribers} as MODIFIED,
 * ADDED or DELETED, so self-heal sees drift it would otherwise have missed.
 *
 * <pre>{@code
 * LiveObjectCache cache = LiveObjectCache.create(cluster, Sleeper.system());
 * SyncExecutor executor = SyncExecutor.builder(cluster).liveCache(cache).build();
 * ClusterWatch drift = cache.subscribe(TrackingMark.of("payment-api"), event -> scheduleRefresh());
 * }</pre>
 */
public final class LiveObjectCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveObjectCache.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final int TOMBSTONES_PER_KIND = 10_000;

  /**
   * What the cache has done so far.
   *
   * @param kinds kinds watched now
   * @param watchesOpened watches opened, re-establishments included
   * @param drops watches that ended on their own
   * @param reestablished kinds brought back in sync after a drop
   * @param objects objects held now (those carrying the application label)
   * @param events watch events received, of every object of the watched kinds
   */
  public record Stats(int kinds, int watchesOpened, int drops, int reestablished, int objects, long events) {}

  private final ClusterClient cluster;
  private final Sleeper sleeper;
  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();
  /** Per application, the kinds it needs ("group/kind"). Guarded by itself. */
  private final Map<String, Set<String>> needs = new HashMap<>();
  private final Map<String, List<Consumer<ClusterEvent>>> subscribers = new ConcurrentHashMap<>();
  private final ExecutorService recovery;
  private final AtomicInteger watchesOpened = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger reestablished = new AtomicInteger();
  private final AtomicLong events = new AtomicLong();
  private volatile boolean closed;

  private LiveObjectCache(ClusterClient cluster, Sleeper sleeper) {
    this.cluster = cluster;
    this.sleeper = sleeper;
    AtomicInteger n = new AtomicInteger();
    this.recovery = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "gitops-live-cache-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * An empty cache over {@code cluster}; {@code sleeper} waits the back-off between attempts to
   * re-establish a dropped watch.
   */
  public static LiveObjectCache create(ClusterClient cluster, Sleeper sleeper) {
    return new LiveObjectCache(Objects.requireNonNull(cluster, "cluster"), Objects.requireNonNull(sleeper, "sleeper"));
  }

  /**
   * Declares the kinds {@code application} owns or desires now (replacing what it declared
   * before). A kind nobody watched yet is watched at once (the first attempt runs in this thread;
   * if it fails, it is retried in the background); a kind no application needs any more is no
   * longer watched. Never throws for a cluster error.
   */
  public void track(String application, Set<ResourceType> types) {
    Map<String, ResourceType> wanted = new LinkedHashMap<>();
    types.forEach(t -> wanted.putIfAbsent(kindKey(t), t));
    Set<String> released;
    synchronized (needs) {
      if (closed) {
        return;
      }
      Set<String> before = needs.put(application, Set.copyOf(wanted.keySet()));
      released = before == null ? Set.of() : without(before, wanted.keySet());
    }
    List<Kind> started = new ArrayList<>();
    for (Map.Entry<String, ResourceType> w : wanted.entrySet()) {
      Kind kind = kinds.computeIfAbsent(w.getKey(), k -> {
        Kind created = new Kind(w.getValue());
        started.add(created);
        return created;
      });
      if (started.contains(kind)) {
        establishFirst(kind);
      }
    }
    if (closed) {
      started.forEach(Kind::stop); // closed meanwhile: close() did not see these
    }
    stopUnneeded(released);
  }

  /** {@code application} needs no kind any more, e.g. it is no longer managed. */
  public void untrack(String application) {
    Set<String> released;
    synchronized (needs) {
      Set<String> before = needs.remove(application);
      released = before == null ? Set.of() : before;
    }
    stopUnneeded(released);
  }

  /**
   * The cached objects of {@code type} carrying {@code mark}'s label (ownership is the caller's to
   * check), or empty when that kind is not watched or not in sync (starting, or re-establishing
   * after a drop): the caller must then read the cluster.
   */
  public Optional<List<Manifest>> objects(ResourceType type, TrackingMark mark) {
    Kind kind = kinds.get(kindKey(type));
    if (kind == null) {
      return Optional.empty();
    }
    synchronized (kind) {
      if (!kind.synced) {
        return Optional.empty();
      }
      Set<ResourceKey> keys = kind.byLabel.getOrDefault(mark.labelValue(), Set.of());
      List<Manifest> out = new ArrayList<>(keys.size());
      for (ResourceKey k : keys) {
        out.add(kind.objects.get(k).object());
      }
      return Optional.of(out);
    }
  }

  /** Write-through: {@code stored} is what the API server answered to a create, update or apply. */
  public void written(Manifest stored) {
    Kind kind = kinds.get(stored.key().groupKind());
    if (kind != null) {
      kind.apply(ClusterEvent.Type.MODIFIED, stored, kind.generationNow(), false);
    }
  }

  /** Write-through of a delete; {@code lastKnown} is the object as read just before it. */
  public void deleted(Manifest lastKnown) {
    Kind kind = kinds.get(lastKnown.key().groupKind());
    if (kind != null) {
      kind.apply(ClusterEvent.Type.DELETED, lastKnown, kind.generationNow(), false);
    }
  }

  /**
   * Calls {@code listener} for every change of an object carrying {@code mark}'s label seen by the
   * watches (the engine's own writes, already written through, are not repeated), including
   * changes found when a dropped watch is re-established. Runs on a client thread: hand work off.
   */
  public ClusterWatch subscribe(TrackingMark mark, Consumer<ClusterEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    List<Consumer<ClusterEvent>> list = subscribers.computeIfAbsent(mark.labelValue(),
        v -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return () -> list.remove(listener);
  }

  /**
   * Lists every kind whose watch is in sync again and brings the cache in line with what it finds,
   * reporting what changed or vanished to the subscribers: the correction for a watch that missed
   * events without dropping, as Argo CD's cluster cache resyncs on a long timer. Kinds starting or
   * re-establishing are skipped (they are listing anyway).
   *
   * @return the kinds listed
   */
  public int resync() {
    int listed = 0;
    for (Kind kind : List.copyOf(kinds.values())) {
      if (kind.relist()) {
        listed++;
      }
    }
    return listed;
  }

  /** Counts so far. */
  public Stats stats() {
    int objects = 0;
    for (Kind k : kinds.values()) {
      objects += k.size();
    }
    return new Stats(kinds.size(), watchesOpened.get(), drops.get(), reestablished.get(), objects, events.get());
  }

  /** Stops every watch; the cache answers empty from now on. */
  @Override
  public void close() {
    synchronized (needs) {
      closed = true;
      needs.clear();
    }
    for (Kind k : List.copyOf(kinds.values())) {
      k.stop();
    }
    kinds.clear();
    recovery.shutdownNow();
  }

  // ---- lifecycle of a kind's watch --------------------------------------------------------

  private void stopUnneeded(Set<String> released) {
    for (String key : released) {
      boolean stillNeeded;
      synchronized (needs) {
        stillNeeded = needs.values().stream().anyMatch(s -> s.contains(key));
        Kind kind = stillNeeded ? null : kinds.remove(key);
        if (kind != null) {
          kind.stop();
        }
      }
    }
  }

  /** The first attempt runs in the caller's thread, so the next refresh finds the kind in sync. */
  private void establishFirst(Kind kind) {
    synchronized (kind) {
      kind.recovering = true;
    }
    if (!kind.establish() || !kind.doneRecovering()) {
      startRecovery(kind);
    }
  }

  private void startRecovery(Kind kind) {
    try {
      recovery.execute(() -> recover(kind));
    } catch (RejectedExecutionException shuttingDown) {
      // closed
    }
  }

  /** Re-establishes a kind's watch until it is in sync, the kind is no longer needed or the cache closed. */
  private void recover(Kind kind) {
    Duration delay = FIRST_BACKOFF;
    while (!closed && !kind.stopped) {
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      delay = delay.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay.multipliedBy(2);
      if (kind.establish() && kind.doneRecovering()) {
        return;
      }
    }
  }

  private static String kindKey(ResourceType type) {
    return type.group() + "/" + type.kind();
  }

  private static Set<String> without(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  /**
   * A numeric comparison when both versions are integers (etcd revisions); otherwise "not older",
   * so the incoming one wins (see the class comment).
   */
  static boolean older(String incoming, String known) {
    if (incoming.isEmpty() || known.isEmpty() || incoming.length() > 18 || known.length() > 18) {
      return false;
    }
    try {
      return Long.parseLong(incoming) < Long.parseLong(known);
    } catch (NumberFormatException opaque) {
      return false;
    }
  }

  private static String resourceVersion(Manifest m) {
    return m.tree().path("metadata").path("resourceVersion").asString("");
  }

  /** A cached object: its state, resourceVersion, label value, and when it was written. */
  private record Entry(Manifest object, String resourceVersion, String label, long seq) {}

  /** A delivery to make once the kind's lock is released. */
  private record Delivery(String label, ClusterEvent event) {}

  /** One watched kind. Guarded by itself, except where noted. */
  private final class Kind {
    final ResourceType type;
    final Map<ResourceKey, Entry> objects = new HashMap<>();
    final Map<String, Set<ResourceKey>> byLabel = new HashMap<>();
    /** Deleted keys with the resourceVersion they had, oldest first, bounded. */
    final Map<ResourceKey, String> tombstones = new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ResourceKey, String> eldest) {
        return size() > TOMBSTONES_PER_KIND;
      }
    };
    long seq;
    /** Bumped for every new watch; events and drops of an older watch are ignored. */
    int generation;
    boolean synced;
    /** A recovery (or the first establishment) is under way. */
    boolean recovering;
    /** Set when a drop interrupted a synced watch; cleared when counted as re-established. */
    boolean droppedSinceSync;
    volatile boolean stopped;
    @Nullable ClusterWatch watch;

    Kind(ResourceType type) {
      this.type = type;
    }

    synchronized int size() {
      return objects.size();
    }

    synchronized int generationNow() {
      return generation;
    }

    /** Watch, then LIST, then replace the cached objects. False when a request failed. */
    boolean establish() {
      int gen;
      ClusterWatch previous;
      synchronized (this) {
        if (stopped) {
          return true;
        }
        gen = ++generation;
        synced = false;
        previous = watch;
        watch = null;
      }
      if (previous != null) {
        previous.close();
      }
      ClusterWatch opened;
      try {
        opened = cluster.watch(type, "", Map.of(), e -> {
              events.incrementAndGet();
              apply(e.type(), e.object(), gen, true);
            },
            dropped -> onDrop(gen, dropped));
        watchesOpened.incrementAndGet();
      } catch (ClusterException | IllegalArgumentException e) {
        LOG.warn("cannot watch {}: {}", type, e.getMessage());
        return false;
      }
      long listStart;
      synchronized (this) {
        if (stopped || generation != gen) {
          opened.close();
          return stopped;
        }
        watch = opened;
        listStart = seq;
      }
      List<Manifest> listed;
      try {
        listed = cluster.list(type, "", Map.of());
      } catch (ClusterException | IllegalArgumentException e) {
        LOG.warn("cannot list {} after watching it: {}", type, e.getMessage());
        synchronized (this) {
          if (generation == gen) {
            watch = null;
          }
        }
        opened.close();
        return false;
      }
      List<Delivery> deliveries = new ArrayList<>();
      synchronized (this) {
        if (stopped || generation != gen) {
          return stopped;
        }
        replaceWith(listed, listStart, deliveries);
        synced = true;
        if (droppedSinceSync) {
          droppedSinceSync = false;
          reestablished.incrementAndGet();
        }
      }
      deliver(deliveries);
      return true;
    }

    /** LISTs under the current watch and merges the result; false if not in sync or the LIST failed. */
    boolean relist() {
      int gen;
      long listStart;
      synchronized (this) {
        if (stopped || !synced || recovering) {
          return false;
        }
        gen = generation;
        listStart = seq;
      }
      List<Manifest> listed;
      try {
        listed = cluster.list(type, "", Map.of());
      } catch (ClusterException | IllegalArgumentException e) {
        LOG.warn("cannot resync {}: {}", type, e.getMessage());
        return false;
      }
      List<Delivery> deliveries = new ArrayList<>();
      synchronized (this) {
        if (stopped || generation != gen) {
          return false; // dropped meanwhile: the recovery lists again
        }
        replaceWith(listed, listStart, deliveries);
      }
      deliver(deliveries);
      return true;
    }

    /** After a successful establishment: true if it still holds (no drop meanwhile), ending the recovery. */
    synchronized boolean doneRecovering() {
      if (stopped || (synced && watch != null)) {
        recovering = false;
        return true;
      }
      return false;
    }

    private void onDrop(int gen, ClusterException why) {
      boolean start;
      synchronized (this) {
        if (gen != generation || stopped) {
          return;
        }
        drops.incrementAndGet();
        LOG.warn("watch of {} dropped, re-establishing: {}", type, why.getMessage());
        synced = false;
        watch = null;
        droppedSinceSync = true;
        generation++; // late events of the dropped watch are ignored from now on
        start = !recovering;
        recovering = true;
      }
      if (start) {
        startRecovery(this);
      }
    }

    /**
     * Applies one change (a watch event when {@code notify}, else a write-through) under the
     * resourceVersion rule, and tells the subscribers about it.
     */
    void apply(ClusterEvent.Type eventType, Manifest object, int gen, boolean notify) {
      List<Delivery> deliveries = new ArrayList<>();
      synchronized (this) {
        if (stopped || gen != generation) {
          return;
        }
        if (eventType == ClusterEvent.Type.DELETED) {
          ResourceKey key = object.key();
          String rv = resourceVersion(object);
          Entry current = objects.get(key);
          if (current != null && older(rv, current.resourceVersion())) {
            return; // a late event: the object was written again since
          }
          tombstones.put(key, rv);
          if (current != null) {
            remove(key);
            deliveries.add(new Delivery(current.label(), new ClusterEvent(eventType, object)));
          }
        } else {
          upsert(object, deliveries);
        }
      }
      if (notify) {
        deliver(deliveries);
      }
    }

    /**
     * Puts {@code object} in place of what is cached at its key unless what is cached (or the
     * tombstone there) is newer or the same version; an object without the label leaves the cache.
     */
    private void upsert(Manifest object, List<Delivery> deliveries) {
      ResourceKey key = object.key();
      String rv = resourceVersion(object);
      Entry current = objects.get(key);
      String known = current != null ? current.resourceVersion() : tombstones.get(key);
      if (known != null && (older(rv, known) || (known.equals(rv) && !rv.isEmpty()))) {
        return; // a late event, our own write coming back, or the state that was deleted
      }
      String label = object.label(TrackingMark.LABEL).orElse("");
      tombstones.remove(key);
      if (current != null) {
        remove(key);
        if (!current.label().equals(label)) {
          deliveries.add(new Delivery(current.label(), new ClusterEvent(ClusterEvent.Type.MODIFIED, object)));
        }
      }
      if (!label.isEmpty()) {
        put(new Entry(object, rv, label, ++seq));
        deliveries.add(new Delivery(label, new ClusterEvent(current == null ? ClusterEvent.Type.ADDED
            : ClusterEvent.Type.MODIFIED, object)));
      }
    }

    /**
     * Replaces the cached objects with a fresh LIST, each listed object under the same rule as an
     * event. What is cached but not listed was deleted while the watch was down, unless an event of
     * the new watch put it there after the LIST started.
     */
    private void replaceWith(List<Manifest> listed, long listStart, List<Delivery> deliveries) {
      Set<ResourceKey> seen = new HashSet<>();
      for (Manifest m : listed) {
        seen.add(m.key());
        upsert(m, deliveries);
      }
      for (Entry e : List.copyOf(objects.values())) {
        ResourceKey key = e.object().key();
        if (!seen.contains(key) && e.seq() <= listStart) {
          remove(key);
          tombstones.put(key, e.resourceVersion());
          deliveries.add(new Delivery(e.label(), new ClusterEvent(ClusterEvent.Type.DELETED, e.object())));
        }
      }
    }

    private void put(Entry e) {
      ResourceKey key = e.object().key();
      objects.put(key, e);
      byLabel.computeIfAbsent(e.label(), l -> new HashSet<>()).add(key);
    }

    private void remove(ResourceKey key) {
      Entry e = objects.remove(key);
      if (e != null) {
        Set<ResourceKey> keys = byLabel.get(e.label());
        if (keys != null) {
          keys.remove(key);
          if (keys.isEmpty()) {
            byLabel.remove(e.label());
          }
        }
      }
    }

    void stop() {
      ClusterWatch w;
      synchronized (this) {
        stopped = true;
        synced = false;
        generation++;
        w = watch;
        watch = null;
        objects.clear();
        byLabel.clear();
        tombstones.clear();
      }
      if (w != null) {
        w.close();
      }
    }
  }

  private void deliver(List<Delivery> deliveries) {
    for (Delivery d : deliveries) {
      for (Consumer<ClusterEvent> l : subscribers.getOrDefault(d.label(), List.of())) {
        try {
          l.accept(d.event());
        } catch (RuntimeException e) {
          // On a watch thread, without the application in the MDC: name it (its tracking label) here.
          LOG.warn("live cache subscriber of application {} failed on {} {}", d.label(), d.event().type(),
              d.event().object().key(), e);
        }
      }
    }
  }
}
