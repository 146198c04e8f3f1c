package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.Refreshes;
import dev.gitopsjava.core.testing.MockCluster;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Micrometer is an optional dependency: an application that does not add it still builds an engine,
 * syncs and reports status. Runs in gitops-core's {@code isolated-class-path} Surefire execution,
 * whose class path lacks io.micrometer (the default execution excludes this class).
 */
class WithoutMicrometerIT {

  @Test
  void engineSyncsAndReportsStatusWithoutMicrometerOnTheClassPath(@TempDir Path temp) throws Exception {
    assumeTrue(Boolean.getBoolean("gitops.test.isolatedClassPath"),
        "runs in the isolated-class-path Surefire execution only");
    assertThrows(ClassNotFoundException.class, () -> Class.forName("io.micrometer.core.instrument.MeterRegistry"),
        "the isolated execution must remove Micrometer from the class path");

    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      repo.write("app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain-config}\n"
          + "data: {mode: plain}\n");
      String commit = repo.commit("a config map");
      try (GitOps gitOps = GitOps.builder()
          .cluster(ClusterClient.fabric8(mock.client()))
          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
          .pollInterval(Duration.ofHours(1))
          .build()) {
        gitOps.manage(Application.builder("plain")
            .source(SourceSpec.of(repo.url(), "HEAD", "app"))
            .destination(Destination.inCluster("plain"))
            .automated(true)
            .build());
        ApplicationStatus status = Refreshes.untilSynced(gitOps, "plain");
        assertEquals(SyncStatus.SYNCED, status.sync(), status.toString());
        assertEquals(commit, status.revision());
        assertEquals(status, gitOps.status("plain").orElseThrow());
      }
      var live = mock.client().configMaps().inNamespace("plain").withName("plain-config").get();
      assertNotNull(live, "the config map was applied");
      assertEquals("plain", live.getData().get("mode"));
    }
  }
}
