package dev.gitopsjava.core.sync;

import static dev.gitopsjava.core.sync.LiveObjectCacheTest.await;
import static dev.gitopsjava.core.sync.SyncExecutorIT.configMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live cache against the in-process API server, with fabric8's informers behind the watch. */
class LiveObjectCacheIT {
  private static MockCluster mock;

  @BeforeAll
  static void start() {
    mock = MockCluster.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  @Test
  void anExecutorWithTheCacheListsOnlyToDiscoverAndSeesItsOwnWritesAndOthersChanges() throws Exception {
    FaultInjectingClusterClient counting = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
    try (LiveObjectCache cache = LiveObjectCache.create(counting, d -> { })) {
      // The example of LiveObjectCache's Javadoc.
      SyncExecutor executor = SyncExecutor.builder(counting).liveCache(cache).build();
      List<ClusterEvent> drift = new CopyOnWriteArrayList<>();
      ClusterWatch subscription = cache.subscribe(TrackingMark.of("cached"), drift::add);

      assertTrue(sync(executor, true, configMap("a", "1"), configMap("b", "1")).succeeded());
      int lists = counting.calls(Operation.LIST);
      SyncResult again = sync(executor, true, configMap("a", "1"), configMap("b", "1"));
      assertTrue(again.succeeded() && !again.changedCluster(), "its own writes are in the cache: " + again);
      assertEquals(lists, counting.calls(Operation.LIST), "no LIST once the kind is watched");

      SyncResult pruned = sync(executor, true, configMap("a", "1"));
      assertTrue(pruned.changedCluster(), pruned.toString());
      assertEquals(null, mock.client().configMaps().inNamespace("cached-ns").withName("b").get());
      SyncResult afterPrune = sync(executor, true, configMap("a", "1"));
      assertTrue(!afterPrune.changedCluster(), "the pruned object left the cache: " + afterPrune);

      mock.client().configMaps().inNamespace("cached-ns").withName("a")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("key", "changed by hand").build());
      await("the change reported", () -> drift.stream().anyMatch(e -> e.type() == ClusterEvent.Type.MODIFIED
          && "changed by hand".equals(e.object().tree().path("data").path("key").asString(""))));
      SyncResult preview = executor.sync(request(true, configMap("a", "1")).dryRun(true).build());
      assertEquals(List.of(SyncAction.UPDATE), preview.plan().tasks().stream().map(SyncTask::action)
          .filter(SyncAction::changesCluster).toList(), preview.toString());
      assertEquals(lists, counting.calls(Operation.LIST));
      subscription.close();
      assertEquals(List.of("/ConfigMap"), counting.openWatchKinds(), "one watch, across all namespaces");
    }
    assertEquals(List.of(), counting.openWatchKinds(), "closed with the cache");
  }

  @Test
  void aWatchCutWhileObjectsChangeIsReestablishedAndTheCacheCatchesUp() throws Exception {
    FaultInjectingClusterClient faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
    ResourceType configMaps = faulty.resourceType("v1", "ConfigMap");
    TrackingMark mark = TrackingMark.of("cut");
    for (String name : List.of("kept", "changed", "deleted")) {
      faulty.create(mark.applyTo(configMap(name, "1").withNamespace("cut-ns")));
    }
    try (LiveObjectCache cache = LiveObjectCache.create(faulty, d -> { })) {
      cache.track("cut", Set.of(configMaps));
      assertEquals(List.of("changed", "deleted", "kept"), names(cache, configMaps, mark));

      faulty.holdWatches();
      assertEquals(1, faulty.dropWatches());
      assertTrue(cache.objects(configMaps, mark).isEmpty(), "not in sync while the watch is down");
      mock.client().configMaps().inNamespace("cut-ns").withName("changed")
          .edit(cm -> new ConfigMapBuilder(cm).addToData("key", "2").build());
      mock.client().configMaps().inNamespace("cut-ns").withName("deleted").delete();
      faulty.releaseWatches();

      await("re-established", () -> cache.objects(configMaps, mark).isPresent());
      assertEquals(List.of("changed", "kept"), names(cache, configMaps, mark));
      Manifest changed = cache.objects(configMaps, mark).orElseThrow().stream()
          .filter(m -> m.key().name().equals("changed")).findFirst().orElseThrow();
      assertEquals("2", changed.tree().path("data").path("key").asString(""));
      LiveObjectCache.Stats stats = cache.stats();
      long labelled = mock.client().configMaps().inAnyNamespace().list().getItems().stream()
          .filter(cm -> cm.getMetadata().getLabels() != null
              && cm.getMetadata().getLabels().containsKey(TrackingMark.LABEL)).count();
      assertEquals(List.of(1, 2, 1, 1, (int) labelled), List.of(stats.kinds(), stats.watchesOpened(), stats.drops(),
          stats.reestablished(), stats.objects()), "every labelled object of the kind, any application: " + stats);
      assertEquals(1, faulty.watchesReestablished());
    }
  }

  private static SyncResult sync(SyncExecutor executor, boolean prune, Manifest... manifests) {
    return executor.sync(request(prune, manifests).build());
  }

  private static SyncRequest.Builder request(boolean prune, Manifest... manifests) {
    return SyncRequest.builder("cached", DesiredState.of("c0ffee", List.of(manifests)))
        .options(PlanOptions.builder().destinationNamespace("cached-ns").createNamespace(true).prune(prune).build());
  }

  private static List<String> names(LiveObjectCache cache, ResourceType type, TrackingMark mark) {
    return cache.objects(type, mark).orElseThrow().stream().map(m -> m.key().name()).sorted().toList();
  }
}
