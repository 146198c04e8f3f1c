package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeTime;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider.Call;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan and apply behaviour, through the public API, with plaintext state for speed. */
class ProvisionerTest {

  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  InMemoryComputeProvider cloud = new InMemoryComputeProvider()
      .image("no-oslo-1", "ubuntu-22.04", "img-1")
      .flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8")
      .flavor("no-oslo-1", "nvme.16cpu.64gb", "fl-16");

  InstanceGroup group(int count) {
    return InstanceGroup.builder("workers").provider("inmemory", ">= 1.0, < 2.0").count(count)
        .region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops")).userData("#cloud-config\n").labels(Map.of("role", "worker"))
        .build();
  }

  Provisioner provisioner() {
    Path state = dir.resolve("state.json");
    return Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(StateStore.file(state, StateEncryption.none()))
        .lock(StateLock.localFile(state))
        .dependencyLock(dir.resolve("workers.lock.json"))
        .clock(time).sleeper(time).random(new Random(3))
        .build();
  }

  ApplyResult converge(InstanceGroup g) {
    ApplyResult r = provisioner().apply(provisioner().plan(g).call()).call();
    assertTrue(r.succeeded(), r.summary());
    return r;
  }

  static Map<String, ChangeAction> actions(Plan plan) {
    return plan.changes().stream()
        .collect(Collectors.toMap(PlannedChange::key, PlannedChange::action));
  }

  @Test
  void labelChangeIsUpdatedInPlace() {
    converge(group(2));
    InstanceGroup relabelled = group(2).withLabels(Map.of("role", "worker", "pool", "b"));
    Plan plan = provisioner().plan(relabelled).call();
    assertEquals(Map.of("workers-0", ChangeAction.UPDATE, "workers-1", ChangeAction.UPDATE),
        actions(plan));
    assertTrue(plan.render().contains("Plan: 0 to add, 2 to change, 0 to destroy."),
        plan.render());
    List<String> idsBefore = cloud.instances().stream().map(ProviderInstance::id).toList();
    converge(relabelled);
    assertEquals(idsBefore, cloud.instances().stream().map(ProviderInstance::id).toList());
    assertTrue(cloud.instances().stream().allMatch(i -> "b".equals(i.labels().get("pool"))));
    assertFalse(provisioner().plan(relabelled).call().hasChanges());
  }

  @Test
  void fewerInstancesDeletesTheHighestSlots() {
    converge(group(3));
    Plan plan = provisioner().plan(group(1)).call();
    assertEquals(Map.of("workers-0", ChangeAction.NO_OP, "workers-1", ChangeAction.DELETE,
        "workers-2", ChangeAction.DELETE), actions(plan));
    assertTrue(plan.changes().get(1).reason().startsWith("count is 1"),
        plan.changes().get(1).reason());
    converge(group(1));
    assertEquals(List.of("workers-0"),
        cloud.instances().stream().map(ProviderInstance::name).toList());
  }

  @Test
  void targetLimitsThePlanToTheNamedSlots() {
    Plan plan = provisioner().plan(group(3)).target("workers[1]").call();
    assertEquals(Map.of("workers-1", ChangeAction.CREATE), actions(plan));
    assertThrows(SpecException.class,
        () -> provisioner().plan(group(3)).target("workers-9").call());
  }

  @Test
  void preventDestroyRefusesDestroyAndReplacePlans() {
    InstanceGroup g = group(2).withLifecycle(new Lifecycle(true, false));
    converge(g);
    PreventDestroyException destroy = assertThrows(PreventDestroyException.class,
        () -> provisioner().destroy(g).call());
    assertEquals(List.of("workers-0 (delete)", "workers-1 (delete)"), destroy.instances());
    assertThrows(PreventDestroyException.class,
        () -> provisioner().plan(g.withFlavor("nvme.16cpu.64gb")).call());
    assertEquals(2, cloud.instances().size());
  }

  @Test
  void failedCreateActionTaintsAndTheNextApplyReplaces() {
    cloud.pollsPerAction(1).failNextCreateAction();
    ApplyResult first = provisioner().apply(provisioner().plan(group(1)).call()).call();
    assertFalse(first.succeeded());
    assertTrue(first.failures().get(0).error().orElseThrow().contains("tainted"));
    InstanceState tainted = provisioner().state().orElseThrow().instance("workers-0").orElseThrow();
    assertEquals(InstanceState.Status.TAINTED, tainted.status());

    Plan again = provisioner().plan(group(1)).call();
    PlannedChange c = again.changes().get(0);
    assertEquals(ChangeAction.REPLACE, c.action());
    assertTrue(c.reason().startsWith("tainted"), c.reason());
    converge(group(1));
    assertEquals(List.of("workers-0-g2"),
        cloud.instances().stream().map(ProviderInstance::name).toList());
  }

  @Test
  void instanceDeletedByHandIsCreatedAgain() {
    converge(group(1));
    cloud.remove(cloud.instances().get(0).id());
    Plan plan = provisioner().plan(group(1)).call();
    assertEquals(ChangeAction.CREATE, plan.changes().get(0).action());
    assertTrue(plan.refreshNotes().get(0).contains("no longer exists"), plan.refreshNotes().toString());
  }

  @Test
  void rateLimitWaitsWhatTheServerSaysAndTransientErrorsAreRetried() {
    cloud.failNext(Call.CREATE, new RateLimitedException("inmemory", "429 rate_limit_exceeded",
            Optional.of(Duration.ofSeconds(30))))
        .failNext(Call.CREATE, new TransientProviderException("inmemory", "503 unavailable"));
    converge(group(1));
    assertEquals(3, cloud.calls(Call.CREATE));
    assertEquals(1, cloud.instances().size());
    assertTrue(time.sleeps().contains(Duration.ofSeconds(30)), time.sleeps().toString());
    assertTrue(time.sleeps().stream().allMatch(d -> d.compareTo(Duration.ofSeconds(30)) <= 0));
  }

  @Test
  void permanentErrorFailsOnlyThatInstanceAndIsNotRetried() {
    cloud.failNext(Call.CREATE, new PermanentProviderException("inmemory", "403 quota exceeded"));
    ApplyResult r = provisioner().apply(provisioner().plan(group(2)).call()).call();
    assertEquals(1, r.failures().size());
    assertTrue(r.failures().get(0).error().orElseThrow().contains("quota exceeded"));
    assertEquals(2, cloud.calls(Call.CREATE));
    assertEquals(1, cloud.instances().size());
    State state = provisioner().state().orElseThrow();
    assertEquals(1, state.instances().stream()
        .filter(i -> i.status() == InstanceState.Status.READY).count());
    converge(group(2));
    assertEquals(2, cloud.instances().size());
  }

  @Test
  void instanceWithThisStatesLabelsButNoRecordIsDestroyed() {
    converge(group(1));
    ProviderInstance mine = cloud.instances().get(0);
    cloud.put(new ProviderInstance("srv-stray", "workers-7", "no-oslo-1", "img-1", "fl-8",
        ProviderInstance.Status.ACTIVE, mine.labels(), List.of()));
    cloud.put(new ProviderInstance("srv-foreign", "someone-else", "no-oslo-1", "img-1", "fl-8",
        ProviderInstance.Status.ACTIVE, Map.of("role", "worker"), List.of()));
    Plan plan = provisioner().plan(group(1)).call();
    assertTrue(plan.changes().stream().anyMatch(c -> c.action() == ChangeAction.DELETE
        && c.name().equals("workers-7")), plan.render());
    converge(group(1));
    assertEquals(List.of(mine.id(), "srv-foreign"),
        cloud.instances().stream().map(ProviderInstance::id).toList());
  }

  @Test
  void createBeforeDestroyCreatesTheNewInstanceFirst() {
    InstanceGroup g = group(1).withLifecycle(new Lifecycle(false, true));
    converge(g);
    List<Integer> instancesAtCreate = new ArrayList<>();
    cloud.onCreate(r -> instancesAtCreate.add(cloud.instances().size()));
    Plan plan = provisioner().plan(g.withFlavor("nvme.16cpu.64gb")).call();
    assertTrue(plan.render().contains("+/- instance \"workers-0\" -> \"workers-0-g2\""),
        plan.render());
    converge(g.withFlavor("nvme.16cpu.64gb"));
    assertEquals(List.of(2), instancesAtCreate, "old instance still there when the new one came");
    assertEquals(List.of("workers-0-g2"),
        cloud.instances().stream().map(ProviderInstance::name).toList());
  }

  @Test
  void lockFilePinsProviderVersionAndResolvedIds() {
    converge(group(1));
    cloud.image("no-oslo-1", "ubuntu-22.04", "img-2");
    LockFileMismatchException moved = assertThrows(LockFileMismatchException.class,
        () -> provisioner().plan(group(1)).call());
    assertTrue(moved.getMessage().contains("now resolves to img-2, but the lock file pins img-1"),
        moved.getMessage());
    Plan upgraded = provisioner().plan(group(1)).upgradeLock(true).call();
    PlannedChange c = upgraded.changes().get(0);
    assertEquals(ChangeAction.REPLACE, c.action());
    assertEquals("image_id", c.attributes().get(0).attribute());
    assertEquals("img-2", DependencyLock.read(dir.resolve("workers.lock.json")).orElseThrow()
        .images().get("no-oslo-1/ubuntu-22.04"));

    cloud = new InMemoryComputeProvider("inmemory", "1.3.0")
        .image("no-oslo-1", "ubuntu-22.04", "img-2").flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8");
    LockFileMismatchException version = assertThrows(LockFileMismatchException.class,
        () -> provisioner().plan(group(1)).call());
    assertTrue(version.getMessage().contains("pins provider inmemory 1.0.0, but version 1.3.0"),
        version.getMessage());

    cloud = new InMemoryComputeProvider("inmemory", "2.0.0");
    SpecException constraint = assertThrows(SpecException.class,
        () -> provisioner().plan(group(1)).call());
    assertTrue(constraint.getMessage().contains("does not satisfy the constraint"),
        constraint.getMessage());
  }

  @Test
  void savedPlanReadsBackWithTheSameChanges() {
    converge(group(1));
    Plan plan = provisioner().plan(group(3).withFlavor("nvme.16cpu.64gb")).call();
    Path file = dir.resolve("saved.plan");
    PlanFile.write(plan, file, StateEncryption.none());
    Plan loaded = PlanFile.read(file, StateEncryption.none());
    assertEquals(plan.changes(), loaded.changes());
    assertEquals(plan.render(), loaded.render());
    ApplyResult r = provisioner().apply(loaded).call();
    assertTrue(r.succeeded(), r.summary());
    assertEquals(3, cloud.instances().size());
  }

  @Test
  void userDataOverTheProvidersLimitStopsThePlan() {
    InstanceGroup big = InstanceGroup.builder("workers").provider("inmemory", "~> 1.0")
        .region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .userData("#cloud-config\n" + "x".repeat(40_000)).build();
    SpecException e = assertThrows(SpecException.class, () -> provisioner().plan(big).call());
    assertTrue(e.getMessage().contains("accepts at most 32768"), e.getMessage());
  }
}
