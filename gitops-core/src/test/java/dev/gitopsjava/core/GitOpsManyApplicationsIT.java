package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several applications on one engine; self-heal off; unmanage. */
class GitOpsManyApplicationsIT {
  private static MockCluster mock;
  private static LocalGitRepository repo;
  private static GitSource git;
  private static GitOps gitOps;
  private static FaultInjectingClusterClient cluster;
  private static final List<GitOpsEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Path temp = Files.createTempDirectory("gitops-many");
    mock = MockCluster.start();
    repo = LocalGitRepository.create(temp.resolve("origin"));
    for (String team : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
      repo.write("apps/" + team + "/deployment.yaml", GitOpsIT.deployment(1).replace("payment-api", team + "-api"))
          .write("apps/" + team + "/config.yaml", GitOpsIT.configMap(team + "-config", "1"));
    }
    repo.commit("four teams");
    git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build();
    cluster = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client())); // counts watches
    gitOps = GitOps.builder()
        .cluster(cluster)
        .renderer(DesiredStateRenderer.builder().gitSource(git).build())
        .pollInterval(Duration.ofHours(1))
        .selfHealDebounce(Duration.ofMillis(100))
        .selfHealBackoff(Duration.ofMinutes(4))
        .concurrency(2)
        .build();
    gitOps.addListener(events::add);
  }

  @AfterAll
  static void stop() {
    gitOps.close();
    git.close();
    repo.close();
    mock.close();
  }

  static Application app(String team, boolean selfHeal) {
    return Application.builder(team)
        .source(SourceSpec.of(repo.url(), "HEAD", "apps/" + team))
        .destination(Destination.inCluster(team))
        .automated(true).prune(true).selfHeal(selfHeal)
        .syncOption("CreateNamespace=true")
        .build();
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; events " + events);
      }
      Thread.sleep(25);
    }
  }

  static boolean synced(String app) {
    return gitOps.status(app).map(s -> s.sync() == SyncStatus.SYNCED).orElse(false);
  }

  static int replicas(String team) {
    return mock.client().apps().deployments().inNamespace(team).withName(team + "-api").get().getSpec().getReplicas();
  }

  static void scale(String team, int replicas) {
    mock.client().apps().deployments().inNamespace(team).withName(team + "-api")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
  }

  @Test
  void manyApplicationsAreReconciledOnABoundedPoolAndKeptApart() throws Exception {
    gitOps.manage(app("alpha", true));
    gitOps.manage(app("beta", true));
    gitOps.manage(app("gamma", false));
    await("three applications in sync", () -> synced("alpha") && synced("beta") && synced("gamma"));
    for (String team : List.of("alpha", "beta", "gamma")) {
      assertEquals(1, replicas(team));
      assertEquals(List.of(), gitOps.status(team).orElseThrow().conditions());
    }
    // One watch per kind for all applications, not one per application and kind.
    assertEquals(List.of("/ConfigMap", "apps/Deployment"), cluster.openWatchKinds());
    // Each application's resources carry only its own mark, so none prunes another's.
    assertTrue(events.stream().noneMatch(e -> e.type() == GitOpsEvent.Type.RESOURCE_PRUNED), events.toString());
  }

  @Test
  void selfHealBacksOffWhenTheSameResourceKeepsDrifting() throws Exception {
    gitOps.manage(app("epsilon", true));
    await("epsilon in sync", () -> synced("epsilon"));
    scale("epsilon", 2);
    await("first drift reverted at once", () -> replicas("epsilon") == 1);
    scale("epsilon", 3);
    await("second drift reported", () -> events.stream().anyMatch(e -> e.application().equals("epsilon")
        && e.type() == GitOpsEvent.Type.DRIFT_DETECTED && e.message().startsWith("self-heal backing off")));
    assertEquals(3, replicas("epsilon"), "not fought right away: the back-off is 4 minutes");
    assertEquals(SyncStatus.OUT_OF_SYNC, gitOps.status("epsilon").orElseThrow().sync());
  }

  @Test
  void withSelfHealOffDriftIsReportedAndLeftAlone() throws Exception {
    gitOps.manage(app("delta", false));
    await("delta in sync", () -> synced("delta"));
    scale("delta", 4);
    await("delta reported out of sync", () -> gitOps.status("delta")
        .map(s -> s.sync() == SyncStatus.OUT_OF_SYNC).orElse(false));
    ApplicationStatus s = gitOps.status("delta").orElseThrow();
    assertTrue(s.outOfSync().contains("update apps/Deployment delta/delta-api"), s.outOfSync().toString());
    ApplicationStatus again = gitOps.refresh("delta").get(30, TimeUnit.SECONDS);
    assertEquals(SyncStatus.OUT_OF_SYNC, again.sync());
    assertEquals(4, replicas("delta"), "left as the person set it");
    assertEquals(1, again.history().size(), "no sync after the first one");
  }

  @Test
  void anUnmanagedApplicationIsNoLongerHealed() throws Exception {
    gitOps.manage(app("beta", true));
    await("beta in sync", () -> synced("beta"));
    assertTrue(gitOps.unmanage("beta"));
    assertFalse(gitOps.unmanage("beta"));
    scale("beta", 7);
    // Give a (wrongly) running watch ample time to react: several debounce periods.
    Thread.sleep(1_000);
    assertEquals(7, replicas("beta"));
    assertTrue(gitOps.refresh("beta").isCompletedExceptionally());
  }
}
