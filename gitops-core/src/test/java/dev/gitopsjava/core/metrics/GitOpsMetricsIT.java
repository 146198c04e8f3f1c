package dev.gitopsjava.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.Destination;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.RetryPolicy;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.Refreshes;
import dev.gitopsjava.core.testing.MockCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring of {@link GitOpsMetrics}' Javadoc example against a real engine: Kubernetes requests
 * (with an injected 409 and 500), refreshes and Git fetches all show up in the registry.
 */
class GitOpsMetricsIT {

  @Test
  void engineRequestsRefreshesAndFetchesAreMeasured(@TempDir Path temp) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      repo.write("app/a.yaml", configMap("metered-a")).write("app/b.yaml", configMap("metered-b"));
      repo.commit("two config maps");
      FaultInjectingClusterClient faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()))
          .failNext(Operation.CREATE, k -> k.kind().equals("ConfigMap"), Fault.conflict())
          .failNext(Operation.CREATE, k -> k.kind().equals("ConfigMap"), Fault.serverError(500));

      DesiredStateRenderer renderer = DesiredStateRenderer.builder().gitSource(git).build();
      DiffVerdictCache diffCache = DiffVerdictCache.create(100);
      GitOpsMetrics metrics = GitOpsMetrics.builder(registry)
          .gitSource(git).renderer(renderer).diffCache(diffCache).build();
      try (GitOps gitOps = GitOps.builder()
          .cluster(metrics.instrument(faulty))
          .renderer(renderer).diffCache(diffCache)
          .pollInterval(Duration.ofHours(1)).sleeper(d -> { }).build()) {
        metrics.monitor(gitOps);
        gitOps.manage(Application.builder("metered")
            .source(SourceSpec.of(repo.url(), "HEAD", "app"))
            .destination(Destination.inCluster("metered"))
            .automated(true)
            .retry(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)))
            .build());
        ApplicationStatus status = Refreshes.untilSynced(gitOps, "metered");
        assertEquals(SyncStatus.SYNCED, status.sync(), status.toString());

        // The live-object cache: one kind watched, the two objects held, their events received.
        assertEquals(1.0, registry.get("gitops.cluster.api.resources").gauge().value());
        assertEquals(2.0, registry.get("gitops.cluster.api.resource.objects").gauge().value());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (registry.get("gitops.cluster.events.total").functionCounter().count() < 2
            && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        assertTrue(registry.get("gitops.cluster.events.total").functionCounter().count() >= 2,
            "the watch reported both creates");
        assertEquals(0.0, registry.get("gitops.cluster.watch.drops").functionCounter().count());
        assertEquals(gitOps.liveCacheStats().orElseThrow().objects(),
            (int) registry.get("gitops.cluster.api.resource.objects").gauge().value());
      }
      assertEquals(0.0, registry.get("gitops.cluster.api.resources").gauge().value(), "closed with the engine");

      assertEquals(0, faulty.pending(), "both faults fired");
      assertEquals(1.0, configMapRequests(registry, "create", "409"));
      assertEquals(1.0, configMapRequests(registry, "create", "500"));
      assertEquals(2.0, configMapRequests(registry, "create", "201"), "both objects created in the end");
      assertTrue(registry.get("gitops.app.k8s.request.total").tag("verb", "list").counters().stream()
          .mapToDouble(c -> c.count()).sum() > 0, "live state read");
      assertTrue(registry.get("gitops.app.reconcile").tag("name", "metered").timer().count() >= 2,
          "the refresh manage() started and the one asked for");
      assertTrue(registry.get("gitops.app.sync.total").tags("name", "metered", "phase", "Succeeded")
          .counter().count() >= 1);
      assertTrue(registry.get("gitops.git.request.total").tags("repo", repo.url(), "request_type", "fetch")
          .counter().count() >= 2, "a clone, then a fetch per refresh");
      assertTrue(registry.get("gitops.render.cache.hits").functionCounter().count() >= 1);
    }
  }

  private static double configMapRequests(SimpleMeterRegistry registry, String verb, String code) {
    return registry.get("gitops.app.k8s.request.total")
        .tags("verb", verb, "resource_kind", "ConfigMap", "response_code", code).counter().count();
  }

  private static String configMap(String name) {
    return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\ndata: {k: v}\n";
  }
}
