package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterUnavailableException;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The live cache against a scripted cluster whose watch events the test fires itself. */
class LiveObjectCacheTest {
  private static final ResourceType CONFIG_MAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", true);
  private static final ResourceType SECRETS = new ResourceType("", "v1", "Secret", "secrets", true);
  private static final TrackingMark APP = TrackingMark.of("shop");

  private final ScriptedCluster cluster = new ScriptedCluster();

  @Test
  void applicationsShareOneWatchPerKindAndTheLastToLeaveClosesIt() {
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      for (String app : List.of("a", "b", "c")) {
        cache.track(app, Set.of(CONFIG_MAPS, SECRETS));
      }
      assertEquals(2, cluster.opened.get(), "one watch per kind, not per application");
      assertEquals(2, cluster.open().size());
      cache.untrack("a");
      cache.track("b", Set.of(CONFIG_MAPS));
      assertEquals(2, cluster.open().size(), "c still needs both kinds");
      cache.untrack("c");
      assertEquals(List.of("ConfigMap"), cluster.open().stream().map(w -> w.type.kind()).toList());
      cache.untrack("b");
      assertEquals(List.of(), cluster.open());
      assertEquals(2, cluster.opened.get());
    }
  }

  @Test
  void theFirstListFillsTheCacheWithLabelledObjectsOnly() {
    cluster.stored.put(key("mine"), configMap("mine", "3", true));
    cluster.stored.put(key("theirs"), configMap("theirs", "4", false));
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      assertEquals(Optional.empty(), cache.objects(CONFIG_MAPS, APP), "not watched yet");
      cache.track("shop", Set.of(CONFIG_MAPS));
      assertEquals(List.of("mine"), names(cache));
      assertEquals(Optional.empty(), cache.objects(SECRETS, APP));
    }
  }

  @Test
  void aWriteThroughIsReadAtOnceAndALateEventDoesNotReplaceIt() {
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
      cache.subscribe(APP, seen::add);
      cache.written(configMap("web", "7", true));
      assertEquals(List.of("web@7"), versions(cache));

      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "6", true)); // sent before our write
      assertEquals(List.of("web@7"), versions(cache));
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "7", true)); // our write coming back
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "8", true)); // someone else's
      assertEquals(List.of("web@8"), versions(cache));
      assertEquals(List.of("MODIFIED web@8"), describe(seen), "neither our write nor stale events are reported");
    }
  }

  @Test
  void opaqueResourceVersionsLetTheLastWriterWin() {
    assertTrue(LiveObjectCache.older("9", "10"), "numeric, not lexical");
    assertFalse(LiveObjectCache.older("10", "9"));
    assertFalse(LiveObjectCache.older("a9", "b10"), "opaque: never older");
    assertFalse(LiveObjectCache.older("", "5"));
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      cache.written(configMap("web", "zz-2", true));
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "aa-1", true));
      assertEquals(List.of("web@aa-1"), versions(cache));
    }
  }

  @Test
  void deletesRemoveTheObjectAndOlderEventsDoNotBringItBack() {
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
      cache.subscribe(APP, seen::add);
      cluster.fire(ClusterEvent.Type.ADDED, configMap("web", "5", true));
      cluster.fire(ClusterEvent.Type.ADDED, configMap("db", "6", true));
      cluster.fire(ClusterEvent.Type.DELETED, configMap("web", "9", true));
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "8", true)); // late
      assertEquals(List.of("db@6"), versions(cache));

      cache.deleted(configMap("db", "6", true)); // our prune, written through
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("db", "6", true));
      cluster.fire(ClusterEvent.Type.DELETED, configMap("db", "6", true)); // the prune's own event
      assertEquals(List.of(), versions(cache));

      cluster.fire(ClusterEvent.Type.ADDED, configMap("web", "12", true)); // created again
      assertEquals(List.of("web@12"), versions(cache));
      assertEquals(List.of("ADDED web@5", "ADDED db@6", "DELETED web@9", "ADDED web@12"), describe(seen));
    }
  }

  @Test
  void anObjectThatLosesTheLabelLeavesTheIndexAndItsApplicationIsTold() {
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
      cache.subscribe(APP, seen::add);
      cluster.fire(ClusterEvent.Type.ADDED, configMap("web", "5", true));
      cluster.fire(ClusterEvent.Type.MODIFIED, configMap("web", "6", false));
      assertEquals(List.of(), versions(cache));
      assertEquals(List.of("ADDED web@5", "MODIFIED web@6"), describe(seen));
    }
  }

  @Test
  void aResyncCorrectsWhatAWatchMissedWithoutDropping() {
    cluster.stored.put(key("web"), configMap("web", "1", true));
    cluster.stored.put(key("db"), configMap("db", "2", true));
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
      cache.subscribe(APP, seen::add);
      // The cluster changes and no event arrives (a watch that silently missed them).
      cluster.stored.put(key("web"), configMap("web", "10", true));
      cluster.stored.remove(key("db"));
      cluster.stored.put(key("cache"), configMap("cache", "11", true));
      assertEquals(List.of("db@2", "web@1"), versions(cache), "stale until the resync");

      assertEquals(1, cache.resync());
      assertEquals(List.of("cache@11", "web@10"), versions(cache));
      assertEquals(Set.of("MODIFIED web@10", "DELETED db@2", "ADDED cache@11"), Set.copyOf(describe(seen)));
      assertEquals(1, cluster.opened.get(), "the watch is kept: a resync only lists");

      seen.clear();
      assertEquals(1, cache.resync());
      assertEquals(List.of(), describe(seen), "nothing changed, nothing reported");
    }
  }

  @Test
  void aDroppedWatchIsReestablishedAndWhatChangedWhileItWasDownIsReported() throws Exception {
    cluster.stored.put(key("web"), configMap("web", "1", true));
    cluster.stored.put(key("db"), configMap("db", "2", true));
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, d -> { })) {
      cache.track("shop", Set.of(CONFIG_MAPS));
      assertEquals(List.of("db@2", "web@1"), versions(cache));
      List<ClusterEvent> seen = new CopyOnWriteArrayList<>();
      cache.subscribe(APP, seen::add);

      cluster.holdWatches = true; // the new watch cannot start until the changes below are made
      cluster.open().get(0).drop();
      assertEquals(Optional.empty(), cache.objects(CONFIG_MAPS, APP), "out of sync: callers list themselves");
      cluster.stored.put(key("web"), configMap("web", "10", true)); // changed while down
      cluster.stored.remove(key("db"));                            // deleted while down
      cluster.stored.put(key("cache"), configMap("cache", "11", true)); // created while down
      cluster.holdWatches = false;

      await("re-established", () -> cache.objects(CONFIG_MAPS, APP).isPresent());
      assertEquals(List.of("cache@11", "web@10"), versions(cache));
      assertEquals(Set.of("MODIFIED web@10", "DELETED db@2", "ADDED cache@11"), Set.copyOf(describe(seen)));
      LiveObjectCache.Stats stats = cache.stats();
      assertEquals(List.of(1, 2, 1, 1, 2), List.of(stats.kinds(), stats.watchesOpened(), stats.drops(),
          stats.reestablished(), stats.objects()), stats.toString());
      assertEquals(1, cluster.open().size(), "the dropped watch was replaced, not doubled");
    }
  }

  @Test
  void aWatchThatCannotStartIsRetriedWithBackOffThroughTheSleeper() throws Exception {
    cluster.failWatches.set(3);
    List<java.time.Duration> waits = new CopyOnWriteArrayList<>();
    try (LiveObjectCache cache = LiveObjectCache.create(cluster, waits::add)) {
      cache.track("shop", Set.of(CONFIG_MAPS)); // does not throw
      await("watch started", () -> cache.objects(CONFIG_MAPS, APP).isPresent());
      assertEquals(List.of(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1),
          java.time.Duration.ofSeconds(2)), waits);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static ResourceKey key(String name) {
    return ResourceKey.of("v1", "ConfigMap", "shop", name);
  }

  private static Manifest configMap(String name, String resourceVersion, boolean labelled) {
    String labels = labelled ? "labels: {" + TrackingMark.LABEL + ": shop}, " : "";
    return Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: shop, %sresourceVersion: "%s"}
        """.formatted(name, labels, resourceVersion));
  }

  private static List<String> names(LiveObjectCache cache) {
    return cache.objects(CONFIG_MAPS, APP).orElseThrow().stream().map(m -> m.key().name()).sorted().toList();
  }

  private static List<String> versions(LiveObjectCache cache) {
    return cache.objects(CONFIG_MAPS, APP).orElseThrow().stream().map(LiveObjectCacheTest::version).sorted().toList();
  }

  private static String version(Manifest m) {
    return m.key().name() + "@" + m.tree().path("metadata").path("resourceVersion").asString("");
  }

  private static List<String> describe(List<ClusterEvent> events) {
    return events.stream().map(e -> e.type() + " " + version(e.object())).toList();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting: " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Lists what {@link #stored} holds; the test fires the watch events itself. */
  private static final class ScriptedCluster implements ClusterClient {
    final Map<ResourceKey, Manifest> stored = new ConcurrentHashMap<>();
    final List<Watch> watches = new CopyOnWriteArrayList<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger failWatches = new AtomicInteger();
    volatile boolean holdWatches;

    final class Watch implements ClusterWatch {
      final ResourceType type;
      final Consumer<ClusterEvent> listener;
      final Consumer<ClusterException> onDrop;
      volatile boolean closed;

      Watch(ResourceType type, Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop) {
        this.type = type;
        this.listener = listener;
        this.onDrop = onDrop;
      }

      void drop() {
        closed = true;
        onDrop.accept(new ClusterUnavailableException("connection reset", 0, null, null, null));
      }

      @Override
      public void close() {
        closed = true;
      }
    }

    List<Watch> open() {
      return watches.stream().filter(w -> !w.closed).toList();
    }

    void fire(ClusterEvent.Type type, Manifest object) {
      for (Watch w : open()) {
        if (w.type.kind().equals(object.key().kind())) {
          w.listener.accept(new ClusterEvent(type, object));
        }
      }
    }


    @Override
    public ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
        Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop) {
      assertEquals(Map.of(), labels, "the shared watch selects nothing");
      assertEquals("", namespace, "the shared watch spans all namespaces");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (holdWatches && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      if (failWatches.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new ClusterUnavailableException("watch refused", 503, null, null, null);
      }
      Watch w = new Watch(type, listener, onDrop);
      watches.add(w);
      opened.incrementAndGet();
      return w;
    }

    @Override
    public List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels) {
      List<Manifest> out = new ArrayList<>();
      stored.values().stream().filter(m -> m.key().kind().equals(type.kind())).forEach(out::add);
      return out;
    }

    @Override
    public ResourceType resourceType(String apiVersion, String kind) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ResourceType> resourceTypes() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Manifest> get(ResourceKey key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Manifest create(Manifest object) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Manifest update(Manifest object) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Manifest serverSideApply(Manifest object, String fieldManager) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(ResourceKey key, DeletePropagation propagation) {
      throw new UnsupportedOperationException();
    }
  }
}
