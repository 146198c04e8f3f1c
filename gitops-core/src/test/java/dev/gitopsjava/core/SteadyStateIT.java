package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import dev.gitopsjava.core.testing.Refreshes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Refreshes of an unchanged application neither render nor diff again, nor LIST the cluster (live
 * objects come from the shared watch); a live change is diffed.
 */
class SteadyStateIT {

  @Test
  void unchangedApplicationIsServedFromTheRenderAndDiffCaches() throws Exception {
    Path temp = Files.createTempDirectory("gitops-steady");
    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      for (String n : new String[] {"a", "b", "c"}) {
        repo.write("app/" + n + ".yaml", GitOpsIT.configMap("steady-" + n, "1"));
      }
      repo.commit("three config maps");
      DesiredStateRenderer renderer = DesiredStateRenderer.builder().gitSource(git).build();
      DiffVerdictCache diffs = DiffVerdictCache.create(100);
      FaultInjectingClusterClient counting = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
      try (GitOps gitOps = GitOps.builder().cluster(counting).renderer(renderer)
          .diffCache(diffs).pollInterval(Duration.ofHours(1)).build()) {
        Application app = Application.builder("steady")
            .source(SourceSpec.of(repo.url(), "HEAD", "app"))
            .destination(Destination.inCluster("steady"))
            .automated(true).build();
        java.util.concurrent.atomic.AtomicInteger refreshes = new java.util.concurrent.atomic.AtomicInteger();
        gitOps.addListener(e -> {
          if (e.type() == GitOpsEvent.Type.REFRESHED) {
            refreshes.incrementAndGet();
          }
        });
        gitOps.manage(app);
        ApplicationStatus first = Refreshes.untilSynced(gitOps, "steady");
        assertEquals(SyncStatus.SYNCED, first.sync(), first.toString());

        long renders = renderer.cacheMisses();
        long diffsRun = diffs.misses();
        long hitsBefore = diffs.hits();
        int listsBefore = counting.calls(Operation.LIST);
        int refreshesBefore = refreshes.get();
        for (int i = 0; i < 10; i++) {
          assertEquals(SyncStatus.SYNCED, gitOps.refresh("steady").get(60, TimeUnit.SECONDS).sync());
        }
        int lists = counting.calls(Operation.LIST) - listsBefore;
        // The refresh manage() started may still be queued behind the first ones: count what ran.
        int ran = refreshes.get() - refreshesBefore;
        System.out.printf("steady state: %d refreshes -> %d renders, %d diffs run, %d diff verdicts from cache, "
            + "%d LISTs (%d watch for %s)%n", ran, renderer.cacheMisses() - renders, diffs.misses() - diffsRun,
            diffs.hits() - hitsBefore, lists, counting.watchesOpened(), counting.openWatchKinds());
        assertEquals(0, lists, "live objects come from the watch, not a LIST per refresh");
        assertEquals(List.of("/ConfigMap"), counting.openWatchKinds(), "one watch, for the one kind owned");
        assertEquals(renders, renderer.cacheMisses(), "no render for an unchanged commit");
        assertEquals(diffsRun, diffs.misses(), "no diff for unchanged live objects");
        assertTrue(ran >= 10, "refreshes: " + ran);
        assertEquals(3L * ran, diffs.hits() - hitsBefore, "3 resources x " + ran + " refreshes answered from the cache");

        // A change in the cluster bumps the resourceVersion: once the watch brings it, that object is
        // diffed again and the drift seen.
        mock.client().configMaps().inNamespace("steady").withName("steady-b")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("version", "changed").build());
        ApplicationStatus drifted = Refreshes.until(gitOps, "steady", st -> diffs.misses() > diffsRun);
        assertTrue(diffs.misses() > diffsRun, "the changed object was diffed");
        assertTrue(drifted.sync() == SyncStatus.OUT_OF_SYNC
            || "1".equals(mock.client().configMaps().inNamespace("steady").withName("steady-b").get()
                .getData().get("version")), "drift reported or reverted: " + drifted);
      }
    }
  }

  @Test
  void withoutTheLiveCacheEveryRefreshListsAndEachApplicationWatchesItsOwnObjects() throws Exception {
    Path temp = Files.createTempDirectory("gitops-steady-uncached");
    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      for (String n : new String[] {"a", "b"}) {
        repo.write(n + "/config.yaml", GitOpsIT.configMap("uncached-" + n, "1"));
      }
      repo.commit("two applications");
      FaultInjectingClusterClient counting = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
      try (GitOps gitOps = GitOps.builder().cluster(counting)
          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
          .liveCache(false).pollInterval(Duration.ofHours(1)).build()) {
        for (String n : new String[] {"a", "b"}) {
          gitOps.manage(Application.builder("uncached-" + n).source(SourceSpec.of(repo.url(), "HEAD", n))
              .destination(Destination.inCluster("uncached")).automated(true).build());
          assertEquals(SyncStatus.SYNCED, Refreshes.untilSynced(gitOps, "uncached-" + n).sync());
        }
        int listsBefore = counting.calls(Operation.LIST);
        for (int i = 0; i < 3; i++) {
          assertEquals(SyncStatus.SYNCED, gitOps.refresh("uncached-a").get(60, TimeUnit.SECONDS).sync());
        }
        // At least: the refresh manage() queued for uncached-b may run meanwhile.
        int lists = counting.calls(Operation.LIST) - listsBefore;
        assertTrue(lists >= 3 && lists <= 4, "one LIST of ConfigMaps per refresh: " + lists);
        assertEquals(List.of("/ConfigMap", "/ConfigMap"), counting.openWatchKinds(), "a watch per application");
      }
    }
  }
}
