package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.cluster.LastAppliedConfiguration;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.testing.FakeClock;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SyncExecutorIT {

  private static MockCluster mock;
  private static ClusterClient cluster;

  @BeforeAll
  static void start() {
    mock = MockCluster.start();
    cluster = ClusterClient.fabric8(mock.client());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  static Manifest configMap(String name, String value) {
    return Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {key: "%s"}
        """.formatted(name, value));
  }

  static Manifest deployment(String name, int replicas, String wave) {
    return Manifest.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          annotations: {argocd.argoproj.io/sync-wave: "%s"}
        spec:
          replicas: %d
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: app, image: "nginx:1.27"}]}
        """.formatted(name, wave, replicas, name, name));
  }

  private static Manifest service(String name) {
    return Manifest.parse("""
        apiVersion: v1
        kind: Service
        metadata: {name: %s}
        spec: {ports: [{port: 80}], selector: {app: %s}}
        """.formatted(name, name));
  }

  private static PlanOptions options(String ns, boolean prune) {
    return PlanOptions.builder().destinationNamespace(ns).createNamespace(true).prune(prune).build();
  }

  private static SyncExecutor executor(ClusterClient client, FakeClock clock) {
    return SyncExecutor.builder(client).clock(clock).sleeper(clock::sleep)
        .retry(3, Duration.ofSeconds(5), 2, Duration.ofMinutes(3)).build();
  }

  private static SyncResult sync(SyncExecutor executor, String app, String ns, boolean prune, Manifest... manifests) {
    return executor.sync(SyncRequest.builder(app, DesiredState.of("c0ffee", List.of(manifests)))
        .options(options(ns, prune)).build());
  }

  private static ResourceKey key(String apiVersion, String kind, String ns, String name) {
    return ResourceKey.of(apiVersion, kind, ns, name);
  }

  @Test
  void firstSyncCreatesTheNamespaceThenTheResourcesInKindOrderWithTheMark() {
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, FakeClock.start()), "first", "first-ns", true,
        deployment("web", 2, "0"), service("web"), configMap("settings", "a"));

    assertTrue(result.succeeded(), result.toString());
    assertEquals(List.of(
        "CREATE Namespace first-ns",
        "CREATE ConfigMap first-ns/settings",
        "CREATE Service first-ns/web",
        "CREATE apps/Deployment first-ns/web"), recording.writes());
    Manifest live = cluster.get(key("apps/v1", "Deployment", "first-ns", "web")).orElseThrow();
    assertTrue(TrackingMark.of("first").owns(live));
    Manifest lastApplied = LastAppliedConfiguration.read(live).orElseThrow();
    assertEquals(2, lastApplied.tree().path("spec").path("replicas").asInt());
    assertTrue(result.changedCluster());
    assertEquals("c0ffee", result.commit());
  }

  @Test
  void aSecondSyncOfTheSameStateWritesNothing() {
    FakeClock clock = FakeClock.start();
    sync(executor(cluster, clock), "again", "again-ns", true, deployment("web", 1, "0"), configMap("cm", "x"));
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult second = sync(executor(recording, clock), "again", "again-ns", true,
        deployment("web", 1, "0"), configMap("cm", "x"));
    assertTrue(second.succeeded(), second.toString());
    assertEquals(List.of(), recording.writes());
    assertFalse(second.changedCluster());
    assertTrue(second.resources().stream().allMatch(r -> r.action() == SyncAction.UNCHANGED), second.resources().toString());
  }

  @Test
  void aManualScaleIsRevertedWhileFieldsAddedByOthersSurvive() {
    FakeClock clock = FakeClock.start();
    sync(executor(cluster, clock), "drift", "drift-ns", true, deployment("web", 3, "0"));
    mock.client().apps().deployments().inNamespace("drift-ns").withName("web").edit(d -> new DeploymentBuilder(d)
        .editSpec().withReplicas(10).endSpec()
        .editMetadata().addToAnnotations("someone-else/note", "kept").endMetadata().build());

    SyncResult result = sync(executor(cluster, clock), "drift", "drift-ns", true, deployment("web", 3, "0"));
    assertTrue(result.succeeded(), result.toString());
    assertEquals(SyncAction.UPDATE,
        result.resource(key("apps/v1", "Deployment", "drift-ns", "web")).orElseThrow().action());
    var live = mock.client().apps().deployments().inNamespace("drift-ns").withName("web").get();
    assertEquals(3, live.getSpec().getReplicas());
    assertEquals("kept", live.getMetadata().getAnnotations().get("someone-else/note"));
  }

  @Test
  void pruneDeletesOnlyOwnedResourcesNoLongerDesired() {
    FakeClock clock = FakeClock.start();
    sync(executor(cluster, clock), "pruner", "prune-ns", true, configMap("keep", "1"), configMap("drop", "2"));
    // Not ours: unmarked, and one with a copy of another object's mark.
    mock.client().configMaps().inNamespace("prune-ns").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("unowned").withNamespace("prune-ns").endMetadata().build()).create();
    String copied = TrackingMark.of("pruner").trackingId(key("v1", "ConfigMap", "prune-ns", "drop"));
    mock.client().configMaps().inNamespace("prune-ns").resource(new ConfigMapBuilder()
        .withNewMetadata().withName("copied").withNamespace("prune-ns")
        .addToAnnotations(TrackingMark.ANNOTATION, copied).addToLabels(TrackingMark.LABEL, "pruner")
        .endMetadata().build()).create();

    SyncResult result = sync(executor(cluster, clock), "pruner", "prune-ns", true, configMap("keep", "1"));
    assertTrue(result.succeeded(), result.toString());
    assertEquals(ResourceResult.Status.PRUNED,
        result.resource(key("v1", "ConfigMap", "prune-ns", "drop")).orElseThrow().status());
    assertTrue(cluster.get(key("v1", "ConfigMap", "prune-ns", "drop")).isEmpty());
    assertTrue(cluster.get(key("v1", "ConfigMap", "prune-ns", "keep")).isPresent());
    assertTrue(cluster.get(key("v1", "ConfigMap", "prune-ns", "unowned")).isPresent());
    assertTrue(cluster.get(key("v1", "ConfigMap", "prune-ns", "copied")).isPresent());
    assertTrue(result.resource(key("v1", "ConfigMap", "prune-ns", "unowned")).isEmpty(), "never even planned");
    assertTrue(cluster.get(key("v1", "Namespace", "", "prune-ns")).isPresent(), "created namespace is never pruned");
  }

  @Test
  void pruneFalseAndPruneOffLeaveResourcesInPlace() {
    FakeClock clock = FakeClock.start();
    Manifest pinned = configMap("pinned", "1").withAnnotation("argocd.argoproj.io/sync-options", "Prune=false");
    sync(executor(cluster, clock), "keeper", "keep-ns", true, pinned, configMap("other", "2"), configMap("stay", "3"));

    SyncResult pruneOn = sync(executor(cluster, clock), "keeper", "keep-ns", true, configMap("other", "2"));
    assertTrue(pruneOn.succeeded(), pruneOn.toString());
    assertEquals(ResourceResult.Status.SKIPPED,
        pruneOn.resource(key("v1", "ConfigMap", "keep-ns", "pinned")).orElseThrow().status());
    assertTrue(cluster.get(key("v1", "ConfigMap", "keep-ns", "pinned")).isPresent());
    assertTrue(cluster.get(key("v1", "ConfigMap", "keep-ns", "stay")).isEmpty());

    SyncResult pruneOff = sync(executor(cluster, clock), "keeper", "keep-ns", false);
    assertEquals(SyncResult.Outcome.ERROR, pruneOff.outcome(), "empty desired state without allowEmpty");
    assertTrue(cluster.get(key("v1", "ConfigMap", "keep-ns", "other")).isPresent());
  }

  @Test
  void anEmptyDesiredStateStopsBeforeAnyPrune() {
    FakeClock clock = FakeClock.start();
    sync(executor(cluster, clock), "emptied", "empty-ns", true, configMap("a", "1"));
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, clock), "emptied", "empty-ns", true);
    assertEquals(SyncResult.Outcome.ERROR, result.outcome());
    assertTrue(result.message().contains("empty"), result.message());
    assertEquals(List.of(), recording.writes());
    assertTrue(cluster.get(key("v1", "ConfigMap", "empty-ns", "a")).isPresent());
  }

  @Test
  void anUnknownKindStopsTheSyncBeforeAnyWriteEvenTheNamespace() {
    var recording = new FaultInjectingClusterClient(cluster);
    Manifest gadget = Manifest.parse("""
        apiVersion: nowhere.example.com/v1
        kind: Gadget
        metadata: {name: g}
        """);
    SyncResult result = sync(executor(recording, FakeClock.start()), "unknown", "unknown-ns", true,
        configMap("cm", "1"), gadget);
    assertEquals(SyncResult.Outcome.ERROR, result.outcome());
    assertTrue(result.message().contains("Gadget"), result.message());
    assertEquals(List.of(), recording.writes());
    assertTrue(cluster.get(key("v1", "Namespace", "", "unknown-ns")).isEmpty());
  }

  @Test
  void aCustomResourceWhoseDefinitionIsInTheSameSyncIsAppliedAfterIt() {
    Manifest crd = Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: sprockets.example.org}
        spec:
          group: example.org
          scope: Namespaced
          names: {kind: Sprocket, plural: sprockets}
          versions: [{name: v1, served: true, storage: true}]
        """);
    Manifest sprocket = Manifest.parse("""
        apiVersion: example.org/v1
        kind: Sprocket
        metadata: {name: s1}
        spec: {teeth: 12}
        """);
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, FakeClock.start()), "crds", "crd-ns", true, sprocket, crd);
    assertTrue(result.succeeded(), result.toString());
    assertEquals(List.of("CREATE Namespace crd-ns",
        "CREATE apiextensions.k8s.io/CustomResourceDefinition sprockets.example.org",
        "CREATE example.org/Sprocket crd-ns/s1"), recording.writes());
  }

  @Test
  void injectedConflictsThrottlingServerErrorsAndDropsAreRetriedToSuccess() {
    FakeClock clock = FakeClock.start();
    sync(executor(cluster, clock), "flaky", "flaky-ns", true, configMap("a", "1"));
    var faulty = new FaultInjectingClusterClient(cluster)
        .failNext(Operation.UPDATE, Fault.conflict())
        .failNext(Operation.UPDATE, Fault.serverError(500))
        .failNext(Operation.CREATE, k -> k.name().equals("b"), Fault.tooManyRequests(Duration.ofSeconds(42)))
        .failNext(Operation.CREATE, k -> k.name().equals("c"), Fault.dropAfterWrite());
    FakeClock retryClock = FakeClock.start();
    SyncResult result = sync(executor(faulty, retryClock), "flaky", "flaky-ns", true,
        configMap("a", "2"), configMap("b", "1"), configMap("c", "1"));

    assertTrue(result.succeeded(), result.toString());
    assertEquals(0, faulty.pending(), "every fault fired");
    assertEquals("2", cluster.get(key("v1", "ConfigMap", "flaky-ns", "a")).orElseThrow().tree().path("data").path("key").asString());
    assertTrue(cluster.get(key("v1", "ConfigMap", "flaky-ns", "b")).isPresent());
    assertTrue(cluster.get(key("v1", "ConfigMap", "flaky-ns", "c")).isPresent());
    assertTrue(retryClock.sleeps().contains(Duration.ofSeconds(42)), "Retry-After honoured: " + retryClock.sleeps());
    ResourceResult a = result.resource(key("v1", "ConfigMap", "flaky-ns", "a")).orElseThrow();
    assertEquals(ResourceResult.Status.SYNCED, a.status());
    assertTrue(a.attempts() >= 2, a.toString());
  }

  @Test
  void retriesStopAtTheLimitAndLaterWavesDoNotRun() {
    var faulty = new FaultInjectingClusterClient(cluster);
    for (int i = 0; i < 4; i++) {
      faulty.failNext(Operation.CREATE, k -> k.name().equals("first"), Fault.serverError(503));
    }
    FakeClock clock = FakeClock.start();
    SyncResult result = sync(executor(faulty, clock), "doomed", "doomed-ns", true,
        configMap("first", "1").withAnnotation("argocd.argoproj.io/sync-wave", "0"),
        configMap("second", "1").withAnnotation("argocd.argoproj.io/sync-wave", "1"));
    assertEquals(SyncResult.Outcome.FAILED, result.outcome());
    ResourceResult first = result.resource(key("v1", "ConfigMap", "doomed-ns", "first")).orElseThrow();
    assertEquals(ResourceResult.Status.FAILED, first.status());
    assertEquals(4, first.attempts(), "1 try + 3 retries");
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20)), clock.sleeps());
    assertEquals(ResourceResult.Status.NOT_RUN,
        result.resource(key("v1", "ConfigMap", "doomed-ns", "second")).orElseThrow().status());
    assertTrue(cluster.get(key("v1", "ConfigMap", "doomed-ns", "second")).isEmpty());
  }

  @Test
  void backoffGrowsByTheFactorAndIsCapped() {
    SyncExecutor executor = SyncExecutor.builder(cluster).retry(10, Duration.ofSeconds(5), 3, Duration.ofSeconds(60)).build();
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(executor.delayBefore(i));
    }
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(60),
        Duration.ofSeconds(60)), delays);
  }

  @Test
  void theNextWaveStartsOnlyWhenThePreviousOneIsHealthy() {
    FakeClock clock = FakeClock.start();
    List<String> order = new ArrayList<>();
    var recording = new FaultInjectingClusterClient(cluster);
    // The test plays the Deployment controller: after the second poll it reports the rollout done.
    clock.onSleep(d -> {
      order.add("poll");
      if (clock.sleeps().size() == 2) {
        rolledOut(mock.client(), "waves-ns", "db");
      }
    });
    SyncExecutor executor = SyncExecutor.builder(recording).clock(clock).sleeper(clock::sleep)
        .healthPollInterval(Duration.ofSeconds(2)).healthTimeout(Duration.ofMinutes(1))
        .health(HealthAssessor.builtIn())
        .build();
    SyncResult result = sync(executor, "waves", "waves-ns", true, deployment("db", 1, "0"),
        configMap("after-db", "1").withAnnotation("argocd.argoproj.io/sync-wave", "1"));
    assertTrue(result.succeeded(), result.toString());
    assertEquals(2, clock.sleeps().size(), "polled until the controller reported ready");
    assertEquals("CREATE ConfigMap waves-ns/after-db", recording.writes().get(recording.writes().size() - 1));
  }

  /** Plays the Deployment controller, which the mock server does not run: the rollout is complete. */
  static void rolledOut(io.fabric8.kubernetes.client.KubernetesClient client, String ns, String name) {
    client.apps().deployments().inNamespace(ns).withName(name).editStatus(dep -> {
      int replicas = dep.getSpec().getReplicas() == null ? 1 : dep.getSpec().getReplicas();
      return new DeploymentBuilder(dep).withNewStatus()
          .withObservedGeneration(dep.getMetadata().getGeneration())
          .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
          .withAvailableReplicas(replicas).endStatus().build();
    });
  }

  @Test
  void aDegradedResourceFailsTheWaveAtOnce() {
    FakeClock clock = FakeClock.start();
    clock.onSleep(d -> mock.client().apps().deployments().inNamespace("degraded-ns").withName("db").editStatus(dep ->
        new DeploymentBuilder(dep).withNewStatus().withObservedGeneration(dep.getMetadata().getGeneration())
            .addNewCondition().withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
            .endCondition().endStatus().build()));
    SyncExecutor executor = SyncExecutor.builder(cluster).clock(clock).sleeper(clock::sleep)
        .healthPollInterval(Duration.ofSeconds(10)).healthTimeout(Duration.ofMinutes(10)).build();
    SyncResult result = sync(executor, "degraded", "degraded-ns", true, deployment("db", 1, "0"),
        configMap("after-db", "1").withAnnotation("argocd.argoproj.io/sync-wave", "1"));
    assertEquals(SyncResult.Outcome.FAILED, result.outcome());
    assertTrue(result.message().contains("degraded"), result.message());
    assertEquals(1, clock.sleeps().size(), "failed at the first poll that saw Degraded, not at the timeout");
    assertTrue(cluster.get(key("v1", "ConfigMap", "degraded-ns", "after-db")).isEmpty());
  }

  @Test
  void aWaveThatNeverBecomesHealthyTimesOutAndStopsTheSync() {
    FakeClock clock = FakeClock.start();
    SyncExecutor executor = SyncExecutor.builder(cluster).clock(clock).sleeper(clock::sleep)
        .healthPollInterval(Duration.ofSeconds(10)).healthTimeout(Duration.ofSeconds(30))
        .build();
    SyncResult result = sync(executor, "stuck", "stuck-ns", true, deployment("db", 1, "0"),
        configMap("after-db", "1").withAnnotation("argocd.argoproj.io/sync-wave", "1"));
    assertEquals(SyncResult.Outcome.FAILED, result.outcome());
    assertTrue(result.message().contains("timed out"), result.message());
    assertTrue(result.message().contains("stuck-ns/db"), result.message());
    assertEquals(3, clock.sleeps().size());
    assertTrue(cluster.get(key("v1", "ConfigMap", "stuck-ns", "after-db")).isEmpty());
  }

  /**
   * The mock cannot do server-side apply (404 for an absent object): the sync reports that per
   * resource, does not retry a non-retryable error, and does not run later waves. Field ownership
   * and conflicts stay unproven without a real API server.
   */
  @Test
  void serverSideApplyFailuresAreReportedPerResourceWithoutRetrying() {
    FakeClock clock = FakeClock.start();
    SyncResult result = executor(cluster, clock).sync(SyncRequest.builder("ssa",
            DesiredState.of("c2", List.of(configMap("cm", "1"),
                configMap("later", "1").withAnnotation("argocd.argoproj.io/sync-wave", "1"))))
        .options(options("ssa-ns", true)).serverSideApply(true).build());
    assertEquals(SyncResult.Outcome.FAILED, result.outcome());
    ResourceResult cm = result.resource(key("v1", "ConfigMap", "ssa-ns", "cm")).orElseThrow();
    assertEquals(ResourceResult.Status.FAILED, cm.status());
    assertEquals(1, cm.attempts());
    assertTrue(cm.message().contains("server-side applying"), cm.message());
    assertEquals(List.of(), clock.sleeps());
    assertEquals(ResourceResult.Status.NOT_RUN,
        result.resource(key("v1", "ConfigMap", "ssa-ns", "later")).orElseThrow().status());
  }

  @Test
  void aHookIsDeletedAndCreatedAgainOnEverySync() {
    Manifest migrate = Manifest.parse("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          annotations: {argocd.argoproj.io/hook: PreSync}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: m, image: "migrate:1"}]
        """);
    FakeClock clock = FakeClock.start();
    // The mock runs no Job controller: report the Job complete whenever the executor waits for it.
    clock.onSleep(d -> mock.client().batch().v1().jobs().inNamespace("hooks-ns").withName("migrate").editStatus(j ->
        new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder(j).withNewStatus().addNewCondition()
            .withType("Complete").withStatus("True").endCondition().withSucceeded(1).endStatus().build()));
    SyncExecutor executor = SyncExecutor.builder(cluster).clock(clock).sleeper(clock::sleep).build();
    SyncResult first = sync(executor, "hooks", "hooks-ns", true, migrate, configMap("cm", "1"));
    assertTrue(first.succeeded(), first.toString());
    String firstUid = cluster.get(key("batch/v1", "Job", "hooks-ns", "migrate")).orElseThrow()
        .tree().path("metadata").path("uid").asString();

    var recording = new FaultInjectingClusterClient(cluster);
    SyncExecutor again = SyncExecutor.builder(recording).clock(clock).sleeper(clock::sleep).build();
    SyncResult second = sync(again, "hooks", "hooks-ns", true, migrate, configMap("cm", "1"));
    assertTrue(second.succeeded(), second.toString());
    assertEquals(List.of("DELETE batch/Job hooks-ns/migrate", "CREATE batch/Job hooks-ns/migrate"), recording.writes());
    String secondUid = cluster.get(key("batch/v1", "Job", "hooks-ns", "migrate")).orElseThrow()
        .tree().path("metadata").path("uid").asString();
    assertFalse(firstUid.equals(secondUid), "a new Job ran");
  }

  @Test
  void aDryRunPlansButWritesNothing() {
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = recordingExecutorDryRun(recording);
    assertTrue(result.dryRun());
    assertEquals(List.of(), recording.writes());
    assertEquals(2, result.plan().tasks().size(), result.plan().render());
    assertTrue(result.resources().stream().allMatch(r -> r.status() == ResourceResult.Status.NOT_RUN));
    assertEquals(Optional.empty(), cluster.get(key("v1", "Namespace", "", "dry-ns")));
  }

  private static SyncResult recordingExecutorDryRun(ClusterClient client) {
    return executor(client, FakeClock.start()).sync(SyncRequest.builder("dry", DesiredState.of("c1", List.of(configMap("cm", "1"))))
        .options(options("dry-ns", true)).dryRun(true).build());
  }
}
