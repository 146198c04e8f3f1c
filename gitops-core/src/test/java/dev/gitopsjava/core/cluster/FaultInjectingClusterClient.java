package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.sync.Sleeper;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClusterClient} that fails scripted requests the way a busy real API server does: 409
 * conflicts, 429 with {@code Retry-After}, 5xx, and dropped connections (before the request reached
 * the server, or after the server wrote but before the answer arrived). Two faults let the request
 * through: a slow response (delayed through a {@link Sleeper}) and a watch disconnect (one open
 * watch is closed and its owner told through {@code onDrop}, as when a connection is cut for good).
 * Unscripted requests go to the wrapped client.
 *
 * <pre>{@code
 * var faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(k8s))
 *     .failNext(Operation.UPDATE, Fault.conflict())
 *     .failNext(Operation.CREATE, Fault.serverError(500));
 * }</pre>
 */
public final class FaultInjectingClusterClient implements ClusterClient {

  /** The request kinds a fault can be attached to. */
  public enum Operation { GET, LIST, CREATE, UPDATE, SERVER_SIDE_APPLY, DELETE }

  /**
   * A fault to inject: a failure, or (with {@code delay} or {@code dropsWatch}) a request that
   * succeeds late or while a watch is cut.
   */
  public record Fault(int statusCode, @Nullable Duration retryAfter, boolean afterWrite, String description,
      Duration delay, boolean dropsWatch) {

    Fault(int statusCode, @Nullable Duration retryAfter, boolean afterWrite, String description) {
      this(statusCode, retryAfter, afterWrite, description, Duration.ZERO, false);
    }

    /** The request is answered (correctly) only after {@code delay}. */
    public static Fault slowResponse(Duration delay) {
      return new Fault(200, null, false, "injected slow response", delay, false);
    }

    /** The request succeeds, and one open watch (chosen at random) is cut and reported dropped. */
    public static Fault watchDisconnect() {
      return new Fault(200, null, false, "injected watch disconnect", Duration.ZERO, true);
    }

    /** True when the request itself fails. */
    boolean fails() {
      return delay.isZero() && !dropsWatch;
    }

    /** 409, as when the object changed since it was read. */
    public static Fault conflict() {
      return new Fault(409, null, false, "injected conflict");
    }

    /** 429 with a {@code Retry-After}. */
    public static Fault tooManyRequests(Duration retryAfter) {
      return new Fault(429, retryAfter, false, "injected throttling");
    }

    /** A 5xx answer. */
    public static Fault serverError(int statusCode) {
      if (statusCode < 500 || statusCode > 599) {
        throw new IllegalArgumentException("not a server error: " + statusCode);
      }
      return new Fault(statusCode, null, false, "injected server error");
    }

    /** The connection drops before the request reaches the server: nothing is written. */
    public static Fault dropBeforeSending() {
      return new Fault(0, null, false, "injected dropped connection");
    }

    /** The server performs the write, then the connection drops before the answer arrives. */
    public static Fault dropAfterWrite() {
      return new Fault(0, null, true, "injected dropped response");
    }

    ClusterException toException(Operation op, @Nullable ResourceKey key) {
      String what = description + " on " + op + (key == null ? "" : " " + key);
      if (statusCode == 409) {
        return new ConflictException(what, key, null);
      }
      return new ClusterUnavailableException(what, statusCode, key, retryAfter, null);
    }
  }

  private record Scripted(Predicate<ResourceKey> target, Fault fault) {}

  /** Writes of matching resources wait here until {@link #release()}: a sync as long as a test wants. */
  public static final class Hold {
    private final Predicate<ResourceKey> target;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    private Hold(Predicate<ResourceKey> target) {
      this.target = target;
    }

    /** Waits until a write is held, at most {@code limit}; false if none came. */
    public boolean awaitHeld(Duration limit) throws InterruptedException {
      return held.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Lets the held writes and all later ones through. */
    public void release() {
      released.countDown();
    }

    private void pass(ResourceKey key) {
      if (!target.test(key) || released.getCount() == 0) {
        return;
      }
      held.countDown();
      try {
        if (!released.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
          throw new IllegalStateException("write of " + key + " held and never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while holding the write of " + key, e);
      }
    }
  }

  /**
   * A watch of the wrapped client. When its holder's watch is cut or closed it is muted and parked,
   * not closed, and the next watch of the same selection reuses it: fabric8's mock server stalls its
   * single event loop for up to 30 s when a watch is closed while it is sending that watch an event
   * (its WatchEventsListener waits on the event loop for a send that needs the event loop). For the
   * holder a muted watch is a cut one: no events, a drop reported, and a new watch that replays
   * nothing of what changed meanwhile.
   */
  private static final class ServerWatch {
    final String selection;
    final AtomicReference<@Nullable OpenWatch> holder = new AtomicReference<>();
    @Nullable ClusterWatch delegate;

    ServerWatch(String selection) {
      this.selection = selection;
    }
  }

  /** A watch handed out by this client, with the listener and drop callback its owner gave. */
  private record OpenWatch(ResourceType type, ServerWatch server, Consumer<ClusterEvent> listener,
      Consumer<ClusterException> onDrop) {}

  private final ClusterClient delegate;
  private final Map<Operation, Deque<Scripted>> script = new EnumMap<>(Operation.class);
  private final Map<Operation, AtomicInteger> calls = new EnumMap<>(Operation.class);
  private final AtomicInteger injected = new AtomicInteger();
  private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile boolean watchesSuppressed;
  private volatile @Nullable Hold hold;
  private final Sleeper delays;
  private final List<OpenWatch> openWatches = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicInteger watchesOpened = new AtomicInteger();
  private final AtomicInteger watchesDropped = new AtomicInteger();
  private final AtomicInteger watchesReestablished = new AtomicInteger();
  /** Per kind ("group/kind"), drops not yet followed by a new watch of that kind. */
  private final Map<String, AtomicInteger> dropsAwaitingWatch = new java.util.concurrent.ConcurrentHashMap<>();
  private boolean watchesHeld; // guarded by openWatches
  private final Map<String, Deque<ServerWatch>> parked = new java.util.concurrent.ConcurrentHashMap<>();
  private java.util.@Nullable Random random;
  private double faultRate;
  private List<Fault> randomFaults = List.of();
  private final Map<String, AtomicInteger> injectedByKind = new java.util.concurrent.ConcurrentHashMap<>();

  public FaultInjectingClusterClient(ClusterClient delegate) {
    this(delegate, Sleeper.system());
  }

  /** As {@link #FaultInjectingClusterClient(ClusterClient)}; slow responses wait through {@code delays}. */
  public FaultInjectingClusterClient(ClusterClient delegate, Sleeper delays) {
    this.delegate = delegate;
    this.delays = delays;
    for (Operation op : Operation.values()) {
      script.put(op, new ArrayDeque<>());
      calls.put(op, new AtomicInteger());
    }
  }

  /**
   * Makes every {@link #watch} fail as unavailable, so the engine's live cache never holds a kind and
   * every refresh lists the cluster (self-heal is then driven by refreshes only). A watch that
   * silently delivered nothing would leave the cache stale instead.
   */
  public FaultInjectingClusterClient suppressWatches() {
    watchesSuppressed = true;
    return this;
  }

  /**
   * Cuts every open watch now, reporting each one dropped to its owner.
   *
   * @return how many were cut
   */
  public int dropWatches() {
    int n = 0;
    for (OpenWatch w : List.copyOf(openWatches)) {
      n += drop(w) ? 1 : 0;
    }
    return n;
  }

  /**
   * Until {@link #releaseWatches()}, a new watch waits before it starts: the time a watch stays
   * down after {@link #dropWatches()}, for a test to change things the watch does not see.
   */
  public FaultInjectingClusterClient holdWatches() {
    synchronized (openWatches) {
      watchesHeld = true;
    }
    return this;
  }

  /** Lets waiting and future watches start. */
  public FaultInjectingClusterClient releaseWatches() {
    synchronized (openWatches) {
      watchesHeld = false;
      openWatches.notifyAll();
    }
    return this;
  }

  /** Watches opened through this client so far. */
  public int watchesOpened() {
    return watchesOpened.get();
  }

  /** Watches cut by a fault so far. */
  public int watchesDropped() {
    return watchesDropped.get();
  }

  /** Drops that were followed by a new watch of the same kind. */
  public int watchesReestablished() {
    return watchesReestablished.get();
  }

  /** The kinds ({@code group/kind}) of the watches open now, one entry per watch. */
  public List<String> openWatchKinds() {
    return openWatches.stream().map(w -> w.type().group() + "/" + w.type().kind()).sorted().toList();
  }

  /**
   * Besides scripted faults, fails each request with probability {@code rate}, with one of
   * {@code faults} chosen at random (seeded, so a run can be repeated).
   */
  public synchronized FaultInjectingClusterClient failRandomly(double rate, long seed, List<Fault> faults) {
    if (rate < 0 || rate > 1 || faults.isEmpty()) {
      throw new IllegalArgumentException("rate must be in [0, 1] and faults non-empty");
    }
    this.random = new java.util.Random(seed);
    this.faultRate = rate;
    this.randomFaults = List.copyOf(faults);
    return this;
  }

  /** Stops failing requests at random. */
  public synchronized FaultInjectingClusterClient stopFailingRandomly() {
    this.random = null;
    return this;
  }

  /** Holds every write (create, update, apply, delete) of a resource matching {@code target} until released. */
  public Hold holdWrites(Predicate<ResourceKey> target) {
    Hold h = new Hold(target);
    hold = h;
    return h;
  }

  /** Requests handled so far, all kinds. */
  public int calls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Injected faults so far by description (e.g. {@code "injected 429"}). */
  public Map<String, Integer> injectedByKind() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    injectedByKind.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Fails the next request of kind {@code op} (any resource) with {@code fault}. */
  public FaultInjectingClusterClient failNext(Operation op, Fault fault) {
    return failNext(op, k -> true, fault);
  }

  /** Fails the next request of kind {@code op} about a resource matching {@code target}. */
  public synchronized FaultInjectingClusterClient failNext(Operation op, Predicate<ResourceKey> target, Fault fault) {
    script.get(op).addLast(new Scripted(target, fault));
    return this;
  }

  /** How many requests of kind {@code op} were made, failed ones included. */
  public int calls(Operation op) {
    return calls.get(op).get();
  }

  /** How many faults were injected so far. */
  public int injected() {
    return injected.get();
  }

  /**
   * Every write that reached the wrapped client, in order, as {@code "CREATE apps/Deployment ns/name"}
   * (failed ones included; injected faults that prevented the request excluded).
   */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /** How many scripted faults have not fired yet. */
  public synchronized int pending() {
    return script.values().stream().mapToInt(Deque::size).sum();
  }

  private synchronized @Nullable Fault take(Operation op, @Nullable ResourceKey key) {
    calls.get(op).incrementAndGet();
    Deque<Scripted> queue = script.get(op);
    for (var it = queue.iterator(); it.hasNext(); ) {
      Scripted s = it.next();
      if (key == null || s.target().test(key)) {
        it.remove();
        injected.incrementAndGet();
        injectedByKind.computeIfAbsent(s.fault().description(), d -> new AtomicInteger()).incrementAndGet();
        return s.fault();
      }
    }
    if (random != null && random.nextDouble() < faultRate) {
      Fault f = randomFaults.get(random.nextInt(randomFaults.size()));
      if (f.dropsWatch() && openWatches.isEmpty()) {
        return null; // nothing to cut
      }
      injected.incrementAndGet();
      injectedByKind.computeIfAbsent(f.description(), d -> new AtomicInteger()).incrementAndGet();
      return f;
    }
    return null;
  }

  /** The fault for this request, once a slow response has waited or a watch was cut; null if it goes through. */
  private @Nullable Fault failure(Operation op, @Nullable ResourceKey key) {
    Fault fault = take(op, key);
    if (fault == null || fault.fails()) {
      return fault;
    }
    if (fault.dropsWatch()) {
      List<OpenWatch> open = List.copyOf(openWatches);
      if (!open.isEmpty()) {
        drop(open.get(java.util.concurrent.ThreadLocalRandom.current().nextInt(open.size())));
      }
    } else {
      try {
        delays.sleep(fault.delay());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return null;
  }

  private boolean drop(OpenWatch w) {
    if (!openWatches.remove(w)) {
      return false;
    }
    watchesDropped.incrementAndGet();
    dropsAwaitingWatch.computeIfAbsent(w.type().group() + "/" + w.type().kind(), k -> new AtomicInteger())
        .incrementAndGet();
    park(w);
    w.onDrop().accept(new ClusterUnavailableException("injected watch disconnect of " + w.type().plural(), 0,
        null, null, null));
    return true;
  }

  private <T> T write(Operation op, ResourceKey key, java.util.function.Supplier<T> request) {
    Hold h = hold;
    if (h != null && op != Operation.GET) {
      h.pass(key);
    }
    Fault fault = failure(op, key);
    if (fault == null || fault.afterWrite()) {
      if (op != Operation.GET) {
        writes.add(op + " " + key);
      }
      T result = request.get();
      if (fault == null) {
        return result;
      }
    }
    throw fault.toException(op, key);
  }

  @Override
  public ResourceType resourceType(String apiVersion, String kind) {
    return delegate.resourceType(apiVersion, kind);
  }

  @Override
  public List<ResourceType> resourceTypes() {
    return delegate.resourceTypes();
  }

  @Override
  public Optional<Manifest> get(ResourceKey key) {
    return write(Operation.GET, key, () -> delegate.get(key));
  }

  @Override
  public List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels) {
    Fault fault = failure(Operation.LIST, null);
    if (fault != null) {
      throw fault.toException(Operation.LIST, null);
    }
    return delegate.list(type, namespace, labels);
  }

  @Override
  public Manifest create(Manifest object) {
    return write(Operation.CREATE, object.key(), () -> delegate.create(object));
  }

  @Override
  public Manifest update(Manifest object) {
    return write(Operation.UPDATE, object.key(), () -> delegate.update(object));
  }

  @Override
  public Manifest serverSideApply(Manifest object, String fieldManager) {
    return write(Operation.SERVER_SIDE_APPLY, object.key(), () -> delegate.serverSideApply(object, fieldManager));
  }

  @Override
  public boolean delete(ResourceKey key, DeletePropagation propagation) {
    return write(Operation.DELETE, key, () -> delegate.delete(key, propagation));
  }


  @Override
  public ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop) {
    if (watchesSuppressed) {
      throw new ClusterUnavailableException("watches suppressed by the test", 503, null, null, null);
    }
    synchronized (openWatches) {
      while (watchesHeld) {
        try {
          openWatches.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ClusterUnavailableException("interrupted while the watch was held", 0, null, null, e);
        }
      }
    }
    String selection = type + "|" + namespace + "|" + new java.util.TreeMap<>(labels);
    Deque<ServerWatch> idle = parked.computeIfAbsent(selection, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
    ServerWatch server = idle.pollFirst();
    if (server == null) {
      ServerWatch created = new ServerWatch(selection);
      created.delegate = delegate.watch(type, namespace, labels, event -> {
        OpenWatch holder = created.holder.get();
        if (holder != null) {
          holder.listener().accept(event);
        }
      }, dropped -> {
        // A drop the wrapped client reports itself is passed on as well; a dead watch is not reused.
        idle.remove(created);
        OpenWatch holder = created.holder.getAndSet(null);
        if (holder != null && openWatches.remove(holder)) {
          holder.onDrop().accept(dropped);
        }
      });
      server = created;
    }
    OpenWatch w = new OpenWatch(type, server, listener, onDrop);
    server.holder.set(w);
    openWatches.add(w);
    watchesOpened.incrementAndGet();
    AtomicInteger awaiting = dropsAwaitingWatch.get(type.group() + "/" + type.kind());
    if (awaiting != null) {
      watchesReestablished.addAndGet(awaiting.getAndSet(0));
    }
    return () -> {
      if (openWatches.remove(w)) {
        park(w);
      }
    };
  }

  /** Mutes the server-side watch of {@code w} and keeps it for the next watch of its selection. */
  private void park(OpenWatch w) {
    if (w.server().holder.compareAndSet(w, null)) {
      parked.computeIfAbsent(w.server().selection, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
          .addLast(w.server());
    }
  }
}
