package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gitopsjava.core.ApplicationStatus.Condition;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import dev.gitopsjava.core.testing.Refreshes;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed scenario end to end, through the public API: the Application from
 * docs/seed-application.yaml (automated, prune, selfHeal, CreateNamespace) pointed at a local Git
 * repository, reconciled into fabric8's in-process API server. The steps build on each other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitOpsIT {
  private static final String PATH = "k8s/overlays/production";
  private static final String NS = "payments";

  private static Path temp;
  private static MockCluster mock;
  private static FaultInjectingClusterClient cluster;
  private static LocalGitRepository repo;
  private static GitSource git;
  private static GitOps gitOps;
  private static Application app;
  private static final List<GitOpsEvent> events = new CopyOnWriteArrayList<>();
  private static String bystanderVersion;

  @BeforeAll
  static void start() throws Exception {
    temp = Files.createTempDirectory("gitops-it");
    mock = MockCluster.start();
    cluster = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
    repo = LocalGitRepository.create(temp.resolve("origin"));
    repo.write(PATH + "/configmap.yaml", configMap("payment-api-config", "v1"))
        .write(PATH + "/worker-config.yaml", configMap("payment-worker-config", "w1"))
        .write(PATH + "/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: payment-api}
            spec: {ports: [{port: 80, targetPort: 8080}], selector: {app: payment-api}}
            """)
        .write(PATH + "/deployment.yaml", deployment(2));
    repo.commit("payment-api: first version");
    git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build();

    Application seed = Application.read(Conformance.shared("docs/seed-application.yaml"));
    app = seed.toBuilder()
        .source(SourceSpec.of(repo.url(), "HEAD", PATH))
        .retry(new RetryPolicy(3, Duration.ofSeconds(1), 2, Duration.ofSeconds(10)))
        .build();

    gitOps = GitOps.builder()
        .cluster(cluster)
        .renderer(DesiredStateRenderer.builder().gitSource(git).build())
        .pollInterval(Duration.ofHours(1))          // refreshes in this test are explicit or event-driven
        .selfHealDebounce(Duration.ofMillis(200))
        .sleeper(d -> { })                           // retry back-off without waiting
        .build();
    gitOps.addListener(events::add);
  }

  @AfterAll
  static void stop() throws Exception {
    gitOps.close();
    git.close();
    repo.close();
    mock.close();
  }

  static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {version: "%s"}
        """.formatted(name, value);
  }

  static String deployment(int replicas) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: payment-api}
        spec:
          replicas: %d
          selector: {matchLabels: {app: payment-api}}
          template:
            metadata: {labels: {app: payment-api}}
            spec: {containers: [{name: api, image: "registry.example.com/payment-api:1.4.2"}]}
        """.formatted(replicas);
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; status " + gitOps.status(app.name()) + "; events " + events);
      }
      Thread.sleep(25);
    }
  }

  static ApplicationStatus status() {
    return gitOps.status(app.name()).orElseThrow();
  }

  static int replicas() {
    return mock.client().apps().deployments().inNamespace(NS).withName("payment-api").get().getSpec().getReplicas();
  }

  @Test
  @Order(1)
  void firstSyncCreatesTheNamespaceAndTheResourcesInOrder() throws Exception {
    // Someone else's object, in the namespace the application will use.
    mock.client().configMaps().inNamespace(NS).resource(new ConfigMapBuilder()
        .withNewMetadata().withName("bystander").withNamespace(NS).endMetadata()
        .addToData("owner", "another team").build()).create();
    bystanderVersion = mock.client().configMaps().inNamespace(NS).withName("bystander").get()
        .getMetadata().getResourceVersion();
    mock.client().namespaces().withName(NS).delete(); // the mock keeps contents: only the Namespace goes

    gitOps.manage(app);
    await("first sync", () -> gitOps.status(app.name()).map(s -> s.sync() == SyncStatus.SYNCED).orElse(false));

    assertEquals(List.of(
        "CREATE Namespace payments",
        "CREATE ConfigMap payments/payment-api-config",
        "CREATE ConfigMap payments/payment-worker-config",
        "CREATE Service payments/payment-api",
        "CREATE apps/Deployment payments/payment-api"), cluster.writes());
    ApplicationStatus s = status();
    assertEquals(40, s.revision().length());
    assertEquals(1, s.history().size());
    assertEquals(s.revision(), s.history().get(0).commit());
    assertTrue(s.lastSync().orElseThrow().succeeded());
    assertEquals(HealthCode.PROGRESSING, s.health(), "no controller has rolled the Deployment out yet");
    assertTrue(events.stream().anyMatch(e -> e.type() == GitOpsEvent.Type.RESOURCE_APPLIED
        && e.commit().equals(s.revision()) && e.resource().orElseThrow().name().equals("payment-api")));
  }

  @Test
  @Order(2)
  void healthFollowsTheStatusAControllerWrites() throws Exception {
    // The mock runs no controllers: play the Deployment controller.
    mock.client().apps().deployments().inNamespace(NS).withName("payment-api").editStatus(d -> new DeploymentBuilder(d)
        .withNewStatus().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(2)
        .withUpdatedReplicas(2).withReadyReplicas(2).withAvailableReplicas(2).endStatus().build());
    // The refresh reads the live cache: the status arrives with the watch event, a moment later.
    ApplicationStatus s = Refreshes.until(gitOps, app.name(), st -> st.health() == HealthCode.HEALTHY);
    assertEquals(HealthCode.HEALTHY, s.health(), s.healthMessage());
    assertEquals(SyncStatus.SYNCED, s.sync(), "a status written by a controller is not drift");
  }

  @Test
  @Order(3)
  void aManualScaleOfTheDeploymentIsRevertedBySelfHeal() throws Exception {
    int writesBefore = cluster.writes().size();
    mock.client().apps().deployments().inNamespace(NS).withName("payment-api")
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(5).endSpec().build());
    await("self-heal to revert the scale", () -> replicas() == 2);
    assertEquals("UPDATE apps/Deployment payments/payment-api", cluster.writes().get(writesBefore));
    assertTrue(events.stream().anyMatch(e -> e.type() == GitOpsEvent.Type.DRIFT_DETECTED));
    await("status back in sync", () -> status().sync() == SyncStatus.SYNCED);
  }

  @Test
  @Order(4)
  void deletingAFileFromGitPrunesThatResource() throws Exception {
    repo.delete(PATH + "/worker-config.yaml");
    String commit = repo.commit("drop the worker config");
    ApplicationStatus s = gitOps.refresh(app.name()).get(30, TimeUnit.SECONDS);
    assertEquals(commit, s.revision());
    assertEquals(SyncStatus.SYNCED, s.sync());
    assertEquals(null, mock.client().configMaps().inNamespace(NS).withName("payment-worker-config").get());
    assertTrue(events.stream().anyMatch(e -> e.type() == GitOpsEvent.Type.RESOURCE_PRUNED && e.commit().equals(commit)
        && e.resource().orElseThrow().name().equals("payment-worker-config")));
    // first sync, the self-heal sync, this one: every sync operation is history, as in Argo CD
    assertEquals(3, s.history().size(), s.history().toString());
    assertEquals(commit, s.history().get(2).commit());
  }

  @Test
  @Order(5)
  void aBrokenCommitLeavesTheClusterUnchangedAndTheStatusSaysWhy() throws Exception {
    int writesBefore = cluster.writes().size();
    String deploymentVersion = mock.client().apps().deployments().inNamespace(NS).withName("payment-api").get()
        .getMetadata().getResourceVersion();
    repo.write(PATH + "/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: payment-api\n  spec: [\n");
    repo.delete(PATH + "/configmap.yaml");
    repo.commit("broken");
    ApplicationStatus s = gitOps.refresh(app.name()).get(30, TimeUnit.SECONDS);

    Condition c = s.condition(Condition.COMPARISON_ERROR).orElseThrow(() -> new AssertionError(s.toString()));
    assertTrue(c.message().contains("deployment.yaml"), c.message());
    assertEquals(SyncStatus.UNKNOWN, s.sync());
    assertEquals(writesBefore, cluster.writes().size(), "no write: " + cluster.writes());
    assertEquals(deploymentVersion, mock.client().apps().deployments().inNamespace(NS).withName("payment-api").get()
        .getMetadata().getResourceVersion());
    assertFalse(mock.client().configMaps().inNamespace(NS).withName("payment-api-config").get() == null,
        "the ConfigMap deleted in the same broken commit is not pruned");
  }

  @Test
  @Order(6)
  void anInjectedConflictAndServerErrorAreRetriedToSuccess() throws Exception {
    repo.write(PATH + "/deployment.yaml", deployment(3))
        .write(PATH + "/configmap.yaml", configMap("payment-api-config", "v2"))
        .write(PATH + "/feature-flags.yaml", configMap("payment-feature-flags", "f1"));
    String commit = repo.commit("fix: scale to 3, v2 config, feature flags");
    cluster.failNext(Operation.UPDATE, k -> k.kind().equals("Deployment"), Fault.conflict())
        .failNext(Operation.CREATE, k -> k.name().equals("payment-feature-flags"), Fault.serverError(500));

    ApplicationStatus s = gitOps.refresh(app.name()).get(30, TimeUnit.SECONDS);
    assertEquals(0, cluster.pending(), "both faults fired");
    assertEquals(SyncStatus.SYNCED, s.sync(), s.toString());
    SyncResult last = s.lastSync().orElseThrow();
    assertTrue(last.succeeded(), last.toString());
    assertEquals(commit, last.commit());
    assertEquals(3, replicas());
    assertEquals("v2", mock.client().configMaps().inNamespace(NS).withName("payment-api-config").get().getData().get("version"));
    assertEquals("f1", mock.client().configMaps().inNamespace(NS).withName("payment-feature-flags").get().getData().get("version"));
    assertTrue(s.conditions().isEmpty(), "the broken commit's condition is gone: " + s.conditions());
  }

  @Test
  @Order(7)
  void theUnmarkedResourceInTheSameNamespaceWasNeverTouched() {
    var bystander = mock.client().configMaps().inNamespace(NS).withName("bystander").get();
    assertEquals(bystanderVersion, bystander.getMetadata().getResourceVersion());
    assertFalse(TrackingMark.of(app.name()).owns(ClusterClient.fabric8(mock.client())
        .get(dev.gitopsjava.core.model.ResourceKey.of("v1", "ConfigMap", NS, "bystander")).orElseThrow()));
    assertTrue(cluster.writes().stream().noneMatch(w -> w.contains("bystander")), cluster.writes().toString());
  }

  @Test
  @Order(8)
  void aDryRunShowsThePlanAndWritesNothing() {
    repo.write(PATH + "/deployment.yaml", deployment(4));
    repo.commit("scale to 4");
    int writesBefore = cluster.writes().size();
    SyncResult preview = gitOps.sync(app).dryRun(true).call();
    assertTrue(preview.dryRun());
    assertTrue(preview.plan().render().contains("apps/Deployment payments/payment-api"), preview.plan().render());
    assertEquals(writesBefore, cluster.writes().size());
    assertEquals(3, replicas());
  }
}
