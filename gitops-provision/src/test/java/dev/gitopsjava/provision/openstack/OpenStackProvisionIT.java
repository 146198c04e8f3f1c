package dev.gitopsjava.provision.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.ProviderRequirement;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.cloudinit.NodeBootstrap;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FakeTime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's public API driving the real OpenStack provider (found by ServiceLoader) against
 * the Keystone/Nova/Glance fake: three workers through a 409, a 502 and a create whose response is
 * lost. Nova names are not unique, so only the engine's look-before-create (by ownership
 * metadata) prevents a duplicate here.
 */
class OpenStackProvisionIT {
  static final String SERVERS = "/compute/v2.1/" + FakeOpenStack.PROJECT + "/servers";
  static final StateEncryption ENCRYPTION = StateEncryption.builder()
      .passphrase("openstack-it-passphrase-long").iterations(200_000).enforced(true).build();

  @TempDir Path dir;
  FakeOpenStack cloud;
  final FakeTime time = new FakeTime();

  @BeforeEach
  void start() throws Exception {
    cloud = new FakeOpenStack();
    cloud.expiresAt = "2099-01-01T00:00:00.000000Z";
  }

  @AfterEach
  void stop() {
    assertEquals(List.of(), cloud.api.handlerErrors(), "requests matched the documented shapes");
    cloud.close();
  }

  InstanceGroup workers() {
    return InstanceGroup.builder("workers")
        .provider(new ProviderRequirement("openstack", "~> 1.0",
            Map.of("auth_url", cloud.authUrl(), "project_name", "admin")))
        .count(3).region(FakeOpenStack.REGION).image("cirros-0.3.2-x86_64-disk")
        .flavor("m1.small").sshKeys(List.of("ops"))
        .userData(NodeBootstrap.kubernetesNode().render()).labels(Map.of("role", "worker"))
        .build();
  }

  Provisioner provisioner() {
    Path state = dir.resolve("workers.tfstate.json");
    return Provisioner.builder()
        .environment(Map.of("OS_USERNAME", "admin", "OS_PASSWORD", FakeOpenStack.PASSWORD))
        .state(StateStore.file(state, ENCRYPTION))
        .lock(StateLock.localFile(state))
        .parallelism(3)
        .clock(time).sleeper(time).random(new Random(5))
        .build();
  }

  @Test
  void threeWorkersThroughFaultsWithoutDuplicatesThenNoChangesThenDestroy() {
    cloud.api.failNext("POST", SERVERS, Reply.json(409,
        "{\"conflict\":{\"code\":409,\"message\":\"Conflict\"}}"));
    cloud.api.loseNextResponse("POST", SERVERS);
    cloud.api.failNext("GET", SERVERS + "/[^/]+", Reply.json(502, ""));

    Plan plan = provisioner().plan(workers()).call();
    assertTrue(plan.render().contains("Plan: 3 to add"), plan.render());
    ApplyResult applied = provisioner().apply(plan).call();
    assertTrue(applied.succeeded(), applied.summary());

    assertEquals(List.of("workers-0", "workers-1", "workers-2"),
        cloud.live().stream().map(s -> s.name).sorted().toList(), "no duplicate after the loss");
    assertTrue(cloud.live().stream().allMatch(s -> s.status.equals("ACTIVE")
        && s.keyName.equals("ops") && s.flavorRef.equals("2")
        && s.imageRef.equals("1bea47ed-f6a9-463b-b423-14b9cca9ad27")
        && s.userData.contains("net.ipv4.ip_forward")));

    Plan again = provisioner().plan(workers()).call();
    assertFalse(again.hasChanges(), again.render());

    ApplyResult destroyed = provisioner().apply(provisioner().destroy(workers()).call()).call();
    assertTrue(destroyed.succeeded(), destroyed.summary());
    assertEquals(List.of(), cloud.live());
    // plan, apply, plan, destroy plan, apply: at most one token per configured provider, however
    // many Nova calls each makes.
    int tokens = cloud.api.requests("POST", "/identity/v3/auth/tokens").size();
    int novaCalls = cloud.api.requests("GET", "/compute/.*").size();
    assertTrue(tokens <= 5 && novaCalls > 3 * tokens, tokens + " tokens, " + novaCalls + " calls");
  }
}
