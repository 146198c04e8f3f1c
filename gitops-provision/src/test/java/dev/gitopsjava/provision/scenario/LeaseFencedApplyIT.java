package dev.gitopsjava.provision.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.ComputeProviders;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.LockInfo;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeTime;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply holding a Kubernetes Lease stalls mid-way (a long GC pause, a frozen VM) past its lease;
 * another process takes the lease over. The stalled apply must not write state after that: the
 * lease check before each write fences it off.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseFencedApplyIT {

  static KubernetesClient client;

  @TempDir Path dir;

  @Test
  void staleHolderCannotWriteStateAfterLosingTheLease() {
    FakeTime time = new FakeTime();
    InMemoryComputeProvider cloud = new InMemoryComputeProvider()
        .image("no-oslo-1", "ubuntu-22.04", "img-1").flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8");
    Path stateFile = dir.resolve("state.json");
    StateStore store = StateStore.file(stateFile, StateEncryption.none());
    Provisioner provisioner = Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(store)
        .lock(StateLock.kubernetesLease(client, "provision", "workers")
            .leaseDuration(Duration.ofSeconds(15)).autoRenew(false).clock(time).build())
        .parallelism(1).clock(time).sleeper(time).random(new Random(5))
        .build();
    InstanceGroup group = InstanceGroup.builder("workers").provider("inmemory", "~> 1.0")
        .count(2).region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops")).labels(Map.of()).build();
    Plan plan = provisioner.plan(group).call();

    AtomicReference<LockHandle> usurper = new AtomicReference<>();
    AtomicLong serialAtTakeover = new AtomicLong(-1);
    cloud.onCreate(request -> {
      if (usurper.get() == null) {
        // 60 s later by the other process's clock: the first holder's lease ran out.
        usurper.set(StateLock.kubernetesLease(client, "provision", "workers")
            .leaseDuration(Duration.ofSeconds(15)).autoRenew(false)
            .clock(Clock.fixed(time.instant().plusSeconds(60), ZoneOffset.UTC)).build()
            .lock(LockInfo.create("apply", "other", Clock.systemUTC())));
        serialAtTakeover.set(store.read().map(State::serial).orElse(0L));
      }
    });

    ApplyResult result = provisioner.apply(plan).call();
    assertFalse(result.succeeded());
    assertTrue(result.failures().get(0).error().orElseThrow().contains("was lost"),
        result.failures().toString());
    assertEquals(serialAtTakeover.get(), store.read().orElseThrow().serial(),
        "no state write after the lease was taken over");
    usurper.get().close();
  }
}
