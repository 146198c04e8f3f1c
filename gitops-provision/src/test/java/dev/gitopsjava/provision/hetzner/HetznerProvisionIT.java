package dev.gitopsjava.provision.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.cloudinit.CloudConfig;
import dev.gitopsjava.provision.cloudinit.NodeBootstrap;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's public API driving the real Hetzner provider (found by ServiceLoader) against the
 * fake API: three workers with the kernel-prep user data, through a 429, a 503 on an action poll
 * and a create whose response is lost.
 */
class HetznerProvisionIT {
  /** One key derivation for the class, as one run of the tool. */
  static final StateEncryption ENCRYPTION = StateEncryption.builder()
      .passphrase("hetzner-it-passphrase-long").iterations(200_000).enforced(true).build();

  @TempDir Path dir;
  FakeHetzner cloud;
  final FakeTime time = new FakeTime();

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeHetzner();
  }

  @AfterEach
  void stop() {
    assertEquals(List.of(), cloud.api.handlerErrors(), "requests matched the documented shapes");
    cloud.close();
  }

  InstanceGroup workers() {
    String userData = NodeBootstrap.kubernetesNode()
        .merge(CloudConfig.parse("#cloud-config\npackages: [containerd]\n")).render();
    return InstanceGroup.builder("workers")
        .provider(new dev.gitopsjava.provision.ProviderRequirement("hetzner", "~> 1.0",
            Map.of("endpoint", cloud.endpoint())))
        .count(3).region("fsn1").image("ubuntu-24.04").flavor("cx22")
        .sshKeys(List.of("ops-key")).userData(userData).labels(Map.of("role", "worker"))
        .build();
  }

  Provisioner provisioner() {
    Path state = dir.resolve("workers.tfstate.json");
    return Provisioner.builder()
        .environment(Map.of("HCLOUD_TOKEN", FakeHetzner.TOKEN))
        .state(StateStore.file(state, ENCRYPTION))
        .lock(StateLock.localFile(state))
        .parallelism(3)
        .clock(time).sleeper(time).random(new Random(3))
        .build();
  }

  @Test
  void threeWorkersThroughFaultsWithoutDuplicatesThenNoChangesThenDestroy() {
    cloud.api.failNext("POST", "/v1/servers", Reply.json(429,
        cloud.sampleText("errors/hcloud-python/rate_limit_exceeded.json"))
        .withHeader("Retry-After", "2"));
    cloud.api.loseNextResponse("POST", "/v1/servers");
    cloud.api.failNext("GET", "/v1/actions", Reply.json(503,
        cloud.sampleText("errors/hcloud-go/503-unavailable.json")));

    Plan plan = provisioner().plan(workers()).call();
    assertTrue(plan.render().contains("Plan: 3 to add"), plan.render());
    ApplyResult applied = provisioner().apply(plan).call();
    assertTrue(applied.succeeded(), applied.summary());

    assertEquals(List.of("workers-0", "workers-1", "workers-2"),
        cloud.live().stream().map(s -> s.name).sorted().toList(), "no duplicate after the loss");
    assertTrue(cloud.live().stream().allMatch(s -> s.status.equals("running")));
    assertTrue(cloud.live().stream().allMatch(s -> "worker".equals(s.labels.get("role"))
        && s.labels.keySet().stream().anyMatch(k -> k.startsWith(InstanceGroup.LABEL_PREFIX))));
    assertTrue(cloud.live().stream().allMatch(s -> s.userData.contains("br_netfilter")
        && s.userData.contains("containerd")));
    assertTrue(time.sleeps().contains(Duration.ofSeconds(2)), "waited as Retry-After asked: "
        + time.sleeps());

    Plan again = provisioner().plan(workers()).call();
    assertFalse(again.hasChanges(), again.render());

    ApplyResult destroyed = provisioner().apply(provisioner().destroy(workers()).call()).call();
    assertTrue(destroyed.succeeded(), destroyed.summary());
    assertEquals(List.of(), cloud.live().stream().map(s -> s.name).collect(Collectors.toList()));
  }
}
