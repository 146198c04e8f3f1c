package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.testing.CapturingLogProvider;
import dev.gitopsjava.core.testing.CapturingLogProvider.Line;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.Refreshes;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The logging contract: every line the engine logs while it works on an application carries the
 * application and the commit (MDC keys {@code app} and {@code commit}), whichever thread logs it,
 * and no Secret value from Git or from the cluster appears in any line. Runs in gitops-core's
 * {@code isolated-class-path} Surefire execution, where SLF4J is bound to
 * {@link CapturingLogProvider} at DEBUG.
 */
class LoggingContractIT {
  private static final String PASSWORD = "hunter2-from-git-7f3a";
  private static final String TOKEN = "token-from-git-91c2";
  private static final String DRIFTED = "drifted-in-cluster-55e0";

  @Test
  void engineLinesNameApplicationAndCommitAndNeverASecretValue(@TempDir Path temp) throws Exception {
    assumeTrue(Boolean.getBoolean("gitops.test.isolatedClassPath"),
        "runs in the isolated-class-path Surefire execution only");
    assertTrue(LoggerFactory.getILoggerFactory().getClass().getName().startsWith(CapturingLogProvider.class.getName()),
        "SLF4J must be bound to the capturing provider, was " + LoggerFactory.getILoggerFactory().getClass());

    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      repo.write("app/config.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: logged-config}\n"
          + "data: {mode: logged}\n");
      repo.write("app/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: logged-credentials}\n"
          + "type: Opaque\ndata: {password: " + base64(PASSWORD) + ", token: " + base64(TOKEN) + "}\n");
      String commit = repo.commit("config and credentials");
      FaultInjectingClusterClient faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()))
          .failNext(Operation.CREATE, k -> k.kind().equals("Secret"), Fault.serverError(500))
          .failNext(Operation.UPDATE, k -> k.kind().equals("Secret"), Fault.conflict());
      Application app = Application.builder("logged")
          .source(SourceSpec.of(repo.url(), "HEAD", "app"))
          .destination(Destination.inCluster("logged"))
          .automated(true)
          .retry(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)))
          .build();
      try (GitOps gitOps = GitOps.builder()
          .cluster(faulty)
          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
          .pollInterval(Duration.ofHours(1))
          .sleeper(d -> { })
          .build()) {
        gitOps.addListener(event -> {
          if (event.type() == GitOpsEvent.Type.SYNC_STARTED) {
            throw new IllegalStateException("a listener that fails, for the test");
          }
        });
        CapturingLogProvider.clear();

        // Automated sync on a worker thread (a 500 on the Secret, retried).
        gitOps.manage(app);
        ApplicationStatus status = Refreshes.untilSynced(gitOps, "logged");
        assertEquals(SyncStatus.SYNCED, status.sync(), status.toString());

        // Drift of the Secret in the cluster, seen by a refresh, reverted by a manual sync on this thread
        // (a 409 on the Secret's update, retried).
        mock.client().secrets().inNamespace("logged").withName("logged-credentials")
            .edit(s -> new SecretBuilder(s).addToData("password", base64(DRIFTED)).build());
        assertEquals(SyncStatus.OUT_OF_SYNC,
            Refreshes.until(gitOps, "logged", st -> st.sync() == SyncStatus.OUT_OF_SYNC).sync());
        SyncResult synced = gitOps.sync(app).call();
        assertTrue(synced.succeeded(), synced.toString());
      }

      List<Line> lines = CapturingLogProvider.lines();
      List<Line> engine = lines.stream().filter(l -> l.logger().startsWith("dev.gitopsjava.")).toList();
      assertTrue(engine.stream().anyMatch(l -> l.message().contains("SYNC_SUCCEEDED")), "events logged: " + engine);
      assertTrue(engine.stream().anyMatch(l -> l.message().contains("a listener that fails")),
          "the failing listener logged: " + engine);
      for (Line line : engine) {
        assertEquals("logged", line.mdc().get("app"), "application in " + line);
        assertEquals(commit, line.mdc().get("commit"), "commit in " + line);
      }
      // The in-process API server's own lines are the cluster's, not the engine process's: its CRUD
      // dispatcher logs stored objects whole.
      List<Line> client = lines.stream().filter(l -> !l.logger().startsWith("io.fabric8.kubernetes.client.server.mock")
          && !l.logger().startsWith("io.fabric8.mockwebserver")).toList();
      for (Line line : client) {
        String text = line.toString();
        for (String secret : List.of(PASSWORD, TOKEN, DRIFTED)) {
          assertFalse(text.contains(secret) || text.contains(base64(secret)), "secret value logged: " + text);
        }
      }
      System.out.printf("logging contract: %d lines captured in the engine's process, %d from the engine,"
          + " all with app and commit%n", client.size(), engine.size());
    }
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
