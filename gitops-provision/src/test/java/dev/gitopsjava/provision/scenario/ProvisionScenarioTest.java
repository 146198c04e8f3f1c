package dev.gitopsjava.provision.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.ChangeAction;
import dev.gitopsjava.provision.ComputeProviders;
import dev.gitopsjava.provision.DependencyLock;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.PlannedChange;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateLockedException;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeTime;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", through the public API only: three workers in no-oslo-1 planned,
 * applied, re-planned, flavor changed and replaced; a crash between instances; two concurrent
 * applies; no plaintext on disk.
 */
class ProvisionScenarioTest {

  static final String PASSPHRASE = "scenario-passphrase-long-enough";
  /** One encryption per test class: one PBKDF2 derivation, as one run of the tool. */
  static final StateEncryption ENCRYPTION = StateEncryption.builder().passphrase(PASSPHRASE)
      .iterations(200_000).enforced(true).build();
  static final String USER_DATA = "#cloud-config\nbootcmd:\n  - swapoff -a\n";

  @TempDir Path dir;

  final FakeTime time = new FakeTime();
  final InMemoryComputeProvider cloud = new InMemoryComputeProvider("inmemory", "1.2.0")
      .image("no-oslo-1", "ubuntu-22.04", "img-ubuntu-2204")
      .flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8-32")
      .flavor("no-oslo-1", "nvme.16cpu.64gb", "fl-16-64")
      .pollsPerAction(2);

  InstanceGroup workers() {
    return InstanceGroup.builder("workers")
        .provider("inmemory", "~> 1.0")
        .count(3)
        .region("no-oslo-1")
        .image("ubuntu-22.04")
        .flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops"))
        .userData(USER_DATA)
        .labels(Map.of("role", "worker"))
        .build();
  }

  Provisioner provisioner(Duration lockTimeout) {
    Path state = dir.resolve("workers.tfstate.json");
    return Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(StateStore.file(state, ENCRYPTION))
        .lock(StateLock.localFile(state))
        .lockTimeout(lockTimeout)
        .dependencyLock(dir.resolve("workers.lock.json"))
        .parallelism(3)
        .clock(time).sleeper(time).random(new Random(7))
        .build();
  }

  Provisioner provisioner() {
    return provisioner(Duration.ZERO);
  }

  static Map<String, ChangeAction> actions(Plan plan) {
    return plan.changes().stream().collect(Collectors.toMap(PlannedChange::key,
        PlannedChange::action));
  }

  @Test
  void planApplyReplanChangeFlavorReplace() throws Exception {
    Plan first = provisioner().plan(workers()).call();
    assertEquals(Map.of("workers-0", ChangeAction.CREATE, "workers-1", ChangeAction.CREATE,
        "workers-2", ChangeAction.CREATE), actions(first));
    String text = first.render();
    System.out.println(text);
    assertTrue(text.contains("+ instance \"workers-0\""), text);
    assertTrue(text.contains("Plan: 3 to add, 0 to change, 0 to destroy."), text);

    ApplyResult applied = provisioner().apply(first).call();
    assertTrue(applied.succeeded(), applied.summary());
    assertEquals(3, cloud.instances().size());
    assertTrue(cloud.instances().stream()
        .allMatch(i -> i.status() == ProviderInstance.Status.ACTIVE
            && i.flavorId().equals("fl-8-32") && i.labels().get("role").equals("worker")));
    State state = provisioner().state().orElseThrow();
    assertTrue(state.instances().stream()
        .allMatch(i -> i.status() == InstanceState.Status.READY && i.id().isPresent()));

    Plan again = provisioner().plan(workers()).call();
    assertFalse(again.hasChanges(), again.render());
    assertTrue(again.render().contains("No changes."), again.render());

    Plan bigger = provisioner().plan(workers().withFlavor("nvme.16cpu.64gb")).call();
    System.out.println(bigger.render());
    for (PlannedChange c : bigger.changes()) {
      assertEquals(ChangeAction.REPLACE, c.action());
      assertTrue(c.reason().contains("flavor changed"), c.reason());
      assertTrue(c.attributes().get(0).forcesReplacement());
    }
    assertTrue(bigger.render().contains(
        "~ flavor    = \"nvme.8cpu.32gb\" -> \"nvme.16cpu.64gb\" # forces replacement"),
        bigger.render());
    ApplyResult replaced = provisioner().apply(bigger).call();
    assertTrue(replaced.succeeded(), replaced.summary());
    assertEquals(Set.of("workers-0-g2", "workers-1-g2", "workers-2-g2"),
        cloud.instances().stream().map(ProviderInstance::name).collect(Collectors.toSet()));
    assertTrue(cloud.instances().stream().allMatch(i -> i.flavorId().equals("fl-16-64")));
    assertFalse(provisioner().plan(workers().withFlavor("nvme.16cpu.64gb")).call().hasChanges());

    DependencyLock lock = DependencyLock.read(dir.resolve("workers.lock.json")).orElseThrow();
    assertEquals("1.2.0", lock.providerVersion());
    assertEquals("fl-16-64", lock.flavors().get("no-oslo-1/nvme.16cpu.64gb"));
    assertNoPlaintextOnDisk();
  }

  /** Thrown inside the provider: the process dies right after the cloud accepted a create. */
  static final class SimulatedKill extends Error {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void killBetweenInstancesThenReapplyConvergesWithoutDuplicates() throws Exception {
    AtomicInteger creates = new AtomicInteger();
    cloud.onCreate(r -> {
      if (creates.incrementAndGet() == 2) {
        throw new SimulatedKill();
      }
    });
    Provisioner serial = Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(StateStore.file(dir.resolve("workers.tfstate.json"), ENCRYPTION))
        .lock(StateLock.localFile(dir.resolve("workers.tfstate.json")))
        .parallelism(1).clock(time).sleeper(time).random(new Random(1)).build();
    Plan plan = serial.plan(workers()).call();
    assertThrows(SimulatedKill.class, () -> serial.apply(plan).call());
    assertEquals(2, cloud.instances().size(), "the cloud made two before the kill");

    State afterKill = provisioner().state().orElseThrow();
    InstanceState pending = afterKill.instance("workers-1").orElseThrow();
    assertEquals(InstanceState.Status.PENDING, pending.status());
    assertTrue(pending.id().isEmpty(), "the kill came before the ID was recorded");
    assertEquals(InstanceState.Status.READY,
        afterKill.instance("workers-0").orElseThrow().status());

    Plan resume = provisioner().plan(workers()).call();
    System.out.println(resume.render());
    assertTrue(resume.refreshNotes().stream().anyMatch(n -> n.contains("adopted")),
        resume.refreshNotes().toString());
    ApplyResult done = provisioner().apply(resume).call();
    assertTrue(done.succeeded(), done.summary());
    assertEquals(3, cloud.instances().size());
    assertEquals(3, cloud.calls(InMemoryComputeProvider.Call.CREATE));
    assertEquals(Set.of("workers-0", "workers-1", "workers-2"),
        cloud.instances().stream().map(ProviderInstance::name).collect(Collectors.toSet()));
    assertFalse(provisioner().plan(workers()).call().hasChanges());
  }

  @Test
  void lostCreateResponseDoesNotDuplicate() {
    cloud.loseNextCreateResponse();
    ApplyResult r = provisioner().apply(provisioner().plan(workers().withCount(1)).call()).call();
    assertTrue(r.succeeded(), r.summary());
    assertEquals(1, cloud.instances().size());
    assertEquals(1, cloud.calls(InMemoryComputeProvider.Call.CREATE));
  }

  @Test
  void concurrentApplyFailsWithTheHoldersLockInfoOrWaitsForIt() throws Exception {
    CountDownLatch firstIsApplying = new CountDownLatch(1);
    CountDownLatch letFirstFinish = new CountDownLatch(1);
    cloud.onCreate(r -> {
      firstIsApplying.countDown();
      try {
        letFirstFinish.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Plan plan = provisioner().plan(workers().withCount(1)).call();
    CompletableFuture<ApplyResult> first =
        CompletableFuture.supplyAsync(() -> provisioner().apply(plan).call());
    assertTrue(firstIsApplying.await(30, TimeUnit.SECONDS));

    StateLockedException locked = assertThrows(StateLockedException.class,
        () -> provisioner().plan(workers()).call());
    assertEquals("apply", locked.holder().operation());
    assertTrue(locked.getMessage().contains(locked.holder().id()), locked.getMessage());

    // A second apply with a lock timeout waits: its first backoff sleep lets the first finish.
    FakeTime waitingTime = new FakeTime();
    Path state = dir.resolve("workers.tfstate.json");
    Provisioner patient = Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(StateStore.file(state, ENCRYPTION)).lock(StateLock.localFile(state))
        .lockTimeout(Duration.ofMinutes(5)).clock(waitingTime)
        .sleeper(d -> {
          waitingTime.sleep(d);
          letFirstFinish.countDown();
          first.join();
        }).build();
    Plan second = patient.plan(workers().withCount(1)).call();
    assertEquals(List.of(Duration.ofSeconds(1)), waitingTime.sleeps());
    assertTrue(first.get().succeeded());
    assertFalse(second.hasChanges(), second.render());
  }

  @Test
  void savedPlanIsRefusedOnceTheStateMovedOn() {
    Plan stale = provisioner().plan(workers().withCount(1)).call();
    provisioner().apply(provisioner().plan(workers().withCount(1)).call()).call();
    dev.gitopsjava.provision.StalePlanException e = assertThrows(
        dev.gitopsjava.provision.StalePlanException.class, () -> provisioner().apply(stale).call());
    assertTrue(e.getMessage().contains("Saved plan does not match"), e.getMessage());
  }

  private void assertNoPlaintextOnDisk() throws Exception {
    String onDisk = Files.readString(dir.resolve("workers.tfstate.json"));
    assertTrue(onDisk.contains("\"encryption_version\":\"v0\""), onDisk);
    for (String secret : List.of("workers-0", "worker", "ubuntu", "nvme", "srv-", "ops",
        "gitops-java.dev")) {
      assertFalse(onDisk.contains(secret), "state file on disk contains " + secret);
    }
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no temporary state files left behind");
    }
  }
}
