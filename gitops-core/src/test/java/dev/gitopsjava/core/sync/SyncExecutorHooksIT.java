package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.testing.FakeClock;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD resource hooks against the in-process API server: Jobs as PreSync, PostSync and SyncFail
 * hooks, named and {@code generateName}, their delete policies, and how their completion gates the
 * sync. The mock runs no Job controller, so the test plays it: whenever the executor polls, it
 * writes the Job status ({@code Complete} or {@code Failed}) the test chose for each hook.
 */
class SyncExecutorHooksIT {

  private static final String COMMIT = "0123456789abcdef0123";
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

  /** A Job hook; {@code nameField} is {@code name: x} or {@code generateName: x-}. */
  private static Manifest job(String nameField, String hook, @Nullable String deletePolicy) {
    String policy = deletePolicy == null ? "" : ", argocd.argoproj.io/hook-delete-policy: " + deletePolicy;
    return Manifest.parse("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          %s
          annotations: {argocd.argoproj.io/hook: "%s"%s}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: task, image: "tools:1"}]
        """.formatted(nameField, hook, policy));
  }

  private static Manifest configMap(String name) {
    return SyncExecutorIT.configMap(name, "v");
  }

  private static SyncExecutor executor(ClusterClient client, FakeClock clock) {
    return SyncExecutor.builder(client).clock(clock).sleeper(clock::sleep)
        .healthPollInterval(Duration.ofSeconds(2)).healthTimeout(Duration.ofMinutes(1)).build();
  }

  private static SyncResult sync(SyncExecutor executor, String app, String ns, Manifest... manifests) {
    return executor.sync(SyncRequest.builder(app, DesiredState.of(COMMIT, List.of(manifests)))
        .options(PlanOptions.builder().destinationNamespace(ns).createNamespace(true).prune(true).build()).build());
  }

  private static List<Job> jobs(String ns) {
    return mock.client().batch().v1().jobs().inNamespace(ns).list().getItems();
  }

  private static ResourceKey configMapKey(String ns, String name) {
    return ResourceKey.of("v1", "ConfigMap", ns, name);
  }

  /**
   * Plays the Job controller on every poll: each Job without a status gets the condition
   * {@code outcome} returns for its name ({@code Complete}, {@code Failed}, or null to keep it
   * running).
   */
  private static void jobController(FakeClock clock, String ns, Function<String, @Nullable String> outcome) {
    clock.onSleep(d -> {
      for (Job j : jobs(ns)) {
        String condition = outcome.apply(j.getMetadata().getName());
        if (j.getStatus() == null && condition != null) {
          finish(ns, j.getMetadata().getName(), condition);
        }
      }
    });
  }

  private static void finish(String ns, String name, String condition) {
    mock.client().batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> new JobBuilder(j)
        .withNewStatus().addNewCondition().withType(condition).withStatus("True").endCondition().endStatus().build());
  }

  @Test
  void aPreSyncJobRunsToCompletionBeforeTheSyncResourcesAreWritten() {
    String ns = "presync-ns";
    FakeClock clock = FakeClock.start();
    List<String> seenWhilePolling = new ArrayList<>();
    clock.onSleep(d -> {
      seenWhilePolling.add("configmap exists: " + cluster.get(configMapKey(ns, "app")).isPresent());
      if (clock.sleeps().size() == 2) {
        finish(ns, "migrate", "Complete");
      }
    });
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, clock), "presync", ns,
        job("name: migrate", "PreSync", null), configMap("app"));

    assertTrue(result.succeeded(), result.toString());
    assertEquals(List.of("CREATE Namespace presync-ns", "CREATE batch/Job presync-ns/migrate",
        "CREATE ConfigMap presync-ns/app"), recording.writes());
    assertEquals(List.of("configmap exists: false", "configmap exists: false"), seenWhilePolling,
        "the ConfigMap waited for the Job to complete");
    ResourceResult hook = result.resource(ResourceKey.of("batch/v1", "Job", ns, "migrate")).orElseThrow();
    assertEquals(ResourceResult.Status.SYNCED, hook.status());
    assertTrue(hook.message().endsWith("hook succeeded"), hook.message());
  }

  @Test
  void aFailedPreSyncJobFailsTheSyncWritesNoSyncResourceAndRunsTheSyncFailHook() {
    String ns = "fail-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> name.equals("migrate") ? "Failed" : "Complete");
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, clock), "fail", ns,
        job("name: migrate", "PreSync", "HookFailed"), configMap("app"),
        job("generateName: notify-", "SyncFail", null));

    assertEquals(SyncResult.Outcome.FAILED, result.outcome(), result.toString());
    assertTrue(result.message().contains("fail-ns/migrate is degraded"), result.message());
    assertTrue(cluster.get(configMapKey(ns, "app")).isEmpty(), "no Sync-phase resource written");
    assertEquals(ResourceResult.Status.NOT_RUN, result.resource(configMapKey(ns, "app")).orElseThrow().status());

    ResourceResult migrate = result.resource(ResourceKey.of("batch/v1", "Job", ns, "migrate")).orElseThrow();
    assertEquals(ResourceResult.Status.FAILED, migrate.status());
    assertTrue(migrate.message().contains("hook failed"), migrate.message());
    assertTrue(migrate.message().endsWith("deleted (HookFailed)"), migrate.message());

    String notifyName = "notify-0123456-syncfail-" + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    ResourceResult notify = result.resource(ResourceKey.of("batch/v1", "Job", ns, notifyName)).orElseThrow();
    assertEquals(ResourceResult.Status.SYNCED, notify.status(), notify.toString());
    assertTrue(notify.message().endsWith("hook succeeded"), notify.message());
    assertEquals(List.of("CREATE Namespace fail-ns", "CREATE batch/Job fail-ns/migrate",
        "CREATE batch/Job fail-ns/" + notifyName, "DELETE batch/Job fail-ns/migrate"), recording.writes());
    // HookFailed deleted the failed Job; the SyncFail hook (default BeforeHookCreation) stays.
    assertEquals(List.of(notifyName), jobs(ns).stream().map(j -> j.getMetadata().getName()).toList());
  }

  @Test
  void hookFailedDeletesOnlyTheHooksThatFinished() {
    String ns = "partial-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> name.equals("migrate") ? "Failed" : null);
    SyncResult result = sync(executor(cluster, clock), "partial", ns,
        job("name: migrate", "PreSync", "HookFailed"), job("name: slow", "PreSync", "HookFailed"), configMap("app"));
    assertEquals(SyncResult.Outcome.FAILED, result.outcome(), result.toString());
    assertEquals(List.of("slow"), jobs(ns).stream().map(j -> j.getMetadata().getName()).toList());
    ResourceResult slow = result.resource(ResourceKey.of("batch/v1", "Job", ns, "slow")).orElseThrow();
    assertTrue(slow.message().endsWith("still running, not deleted (HookFailed)"), slow.message());
  }

  @Test
  void aPostSyncJobRunsAfterTheSyncResourcesAreHealthyGatesTheResultAndHookSucceededDeletesIt() {
    String ns = "postsync-ns";
    FakeClock clock = FakeClock.start();
    var recording = new FaultInjectingClusterClient(cluster);
    List<String> events = new ArrayList<>();
    clock.onSleep(d -> {
      List<String> jobNames = jobs(ns).stream().map(j -> j.getMetadata().getName()).toList();
      if (jobNames.isEmpty()) {
        events.add("no job yet; rolling out");
        SyncExecutorIT.rolledOut(mock.client(), ns, "web");
      } else {
        events.add("job " + jobNames.get(0) + " completes");
        finish(ns, jobNames.get(0), "Complete");
      }
    });
    Manifest web = SyncExecutorIT.deployment("web", 1, "0");
    SyncResult result = sync(executor(recording, clock), "postsync", ns,
        web, job("generateName: smoke-test-", "PostSync", "HookSucceeded"));

    assertTrue(result.succeeded(), result.toString());
    String jobName = "smoke-test-0123456-postsync-" + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
    assertEquals(List.of("no job yet; rolling out", "job " + jobName + " completes"), events,
        "the PostSync Job was created only after the Deployment was healthy, and the sync waited for it");
    assertEquals(List.of("CREATE Namespace postsync-ns", "CREATE apps/Deployment postsync-ns/web",
        "CREATE batch/Job postsync-ns/" + jobName, "DELETE batch/Job postsync-ns/" + jobName), recording.writes());
    assertEquals(List.of(), jobs(ns), "HookSucceeded deleted the Job after the sync succeeded");
    ResourceResult hook = result.resource(ResourceKey.of("batch/v1", "Job", ns, jobName)).orElseThrow();
    assertTrue(hook.message().endsWith("hook succeeded; deleted (HookSucceeded)"), hook.message());
  }

  @Test
  void aFailedPostSyncJobFailsTheSyncEvenInTheLastWave() {
    String ns = "postfail-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> "Failed");
    SyncResult result = sync(executor(cluster, clock), "postfail", ns,
        configMap("app"), job("name: check", "PostSync", "HookSucceeded"));
    assertEquals(SyncResult.Outcome.FAILED, result.outcome(), result.toString());
    assertTrue(result.message().contains("postfail-ns/check is degraded"), result.message());
    assertTrue(cluster.get(configMapKey(ns, "app")).isPresent());
    assertEquals(1, jobs(ns).size(), "HookSucceeded keeps a Job whose sync failed");
  }

  @Test
  void aGenerateNameHookRunsOncePerSyncAndBeforeHookCreationDeletesThePreviousRunFirst() {
    String ns = "gen-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> "Complete");
    Manifest migrate = job("generateName: migrate-", "PreSync", null);
    SyncResult first = sync(executor(cluster, clock), "gen", ns, migrate, configMap("app"));
    assertTrue(first.succeeded(), first.toString());
    List<Job> afterFirst = jobs(ns);
    assertEquals(1, afterFirst.size());
    String firstName = afterFirst.get(0).getMetadata().getName();
    assertEquals("migrate-0123456-presync-" + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond(), firstName);
    assertEquals("migrate-", afterFirst.get(0).getMetadata().getGenerateName(), "generateName is kept on the object");
    Manifest live = cluster.get(ResourceKey.of("batch/v1", "Job", ns, firstName)).orElseThrow();
    assertTrue(TrackingMark.of("gen").owns(live), "the generated object carries the mark of its own name");

    clock.advance(Duration.ofMinutes(5));
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult second = sync(executor(recording, clock), "gen", ns, migrate, configMap("app"));
    assertTrue(second.succeeded(), second.toString());
    List<Job> afterSecond = jobs(ns);
    assertEquals(1, afterSecond.size(), afterSecond.toString());
    String secondName = afterSecond.get(0).getMetadata().getName();
    assertFalse(secondName.equals(firstName), "a new Job for the new sync");
    assertTrue(secondName.startsWith("migrate-0123456-presync-"), secondName);
    assertEquals(List.of("DELETE batch/Job gen-ns/" + firstName, "CREATE batch/Job gen-ns/" + secondName),
        recording.writes(), "the earlier run is deleted before the new one is created; the unchanged ConfigMap is left");
    ResourceResult hook = second.resource(ResourceKey.of("batch/v1", "Job", ns, secondName)).orElseThrow();
    assertTrue(hook.message().startsWith("hook created (deleted 1 earlier run(s))"), hook.message());
  }

  @Test
  void aHookWithHookSucceededOnlyIsAppliedNotReplacedSoACompletedJobCountsAsDone() {
    String ns = "keep-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> "Complete");
    // Deleted after success by HookSucceeded, so the second sync creates it again.
    Manifest check = job("name: check", "PreSync", "HookSucceeded");
    assertTrue(sync(executor(cluster, clock), "keep", ns, check, configMap("app")).succeeded());
    assertEquals(List.of(), jobs(ns));
    // Without BeforeHookCreation an existing hook object is applied like any resource: a Job that
    // already completed is not run again.
    Manifest failedOnly = job("name: once", "PreSync", "HookFailed");
    assertTrue(sync(executor(cluster, clock), "keep", ns, failedOnly, configMap("app")).succeeded());
    String uid = jobs(ns).get(0).getMetadata().getUid();
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult again = sync(executor(recording, clock), "keep", ns, failedOnly, configMap("app"));
    assertTrue(again.succeeded(), again.toString());
    assertFalse(recording.writes().stream().anyMatch(w -> w.startsWith("DELETE") || w.startsWith("CREATE")),
        recording.writes().toString());
    assertEquals(uid, jobs(ns).get(0).getMetadata().getUid(), "the same Job, not a new run");
  }

  @Test
  void aNamedHookInTwoPhasesRunsInEachAndIsReplacedForTheSecond() {
    String ns = "twice-ns";
    FakeClock clock = FakeClock.start();
    jobController(clock, ns, name -> "Complete");
    var recording = new FaultInjectingClusterClient(cluster);
    SyncResult result = sync(executor(recording, clock), "twice", ns,
        job("name: check", "PreSync,PostSync", null), configMap("app"));
    assertTrue(result.succeeded(), result.toString());
    assertEquals(List.of("CREATE Namespace twice-ns", "CREATE batch/Job twice-ns/check", "CREATE ConfigMap twice-ns/app",
        "DELETE batch/Job twice-ns/check", "CREATE batch/Job twice-ns/check"), recording.writes());
    assertEquals(List.of("hook created; hook succeeded", "hook re-created; hook succeeded"), result.resources().stream()
        .filter(r -> r.key().kind().equals("Job")).map(ResourceResult::message).toList());
  }

  @Test
  void anUnnamedManifestThatIsNotAHookIsRefusedBeforeAnyWrite() {
    var recording = new FaultInjectingClusterClient(cluster);
    Manifest unnamed = Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: settings-}
        """);
    SyncResult result = sync(executor(recording, FakeClock.start()), "unnamed", "unnamed-ns", unnamed);
    assertEquals(SyncResult.Outcome.ERROR, result.outcome());
    assertTrue(result.message().contains("generateName 'settings-'"), result.message());
    assertEquals(List.of(), recording.writes());
  }
}
