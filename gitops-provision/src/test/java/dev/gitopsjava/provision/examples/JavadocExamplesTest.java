package dev.gitopsjava.provision.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.DependencyLock;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of gitops-provision's entry points, run from another package (public API only). */
class JavadocExamplesTest {
  @TempDir Path temp;

  @Test
  void instanceGroup() throws Exception {
    String cloudConfig = "#cloud-config\npackages: [nvme-cli]\n";
    // InstanceGroup's Javadoc:
    InstanceGroup workers = InstanceGroup.builder("workers")
        .provider("openstack", "~> 1.0")
        .count(3)
        .region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops"))
        .userData(cloudConfig)
        .labels(Map.of("role", "worker"))
        .build();

    assertEquals(3, workers.count());
    assertEquals("openstack", workers.provider().name());
    assertEquals(cloudConfig, workers.userData());
    assertEquals(Map.of("role", "worker"), workers.labels());

    // The same group read from a spec file gives an equal value.
    Path spec = temp.resolve("workers.yaml");
    Files.writeString(spec, """
        kind: InstanceGroup
        name: workers
        provider: {name: openstack, version: "~> 1.0"}
        count: 3
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        sshKeys: [ops]
        userData: |
          #cloud-config
          packages: [nvme-cli]
        labels: {role: worker}
        """);
    assertEquals(workers, InstanceGroup.fromYaml(spec));
  }

  @Test
  void provisioner() throws Exception {
    Path specFile = temp.resolve("workers.yaml");
    Files.writeString(specFile, """
        kind: InstanceGroup
        name: workers
        provider: {name: example, version: ">= 1.0"}
        count: 3
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        sshKeys: [ops]
        labels: {role: worker}
        """);
    String pass = "correct horse battery staple, but longer";
    // Provisioner's Javadoc ("workers.tfstate.json" is put in a temp directory; the provider
    // "example" is ExampleCloud, found by the ServiceLoader like the built-in providers):
    Path stateFile = temp.resolve("workers.tfstate.json");
    Provisioner provisioner = Provisioner.builder()
        .state(StateStore.file(stateFile, StateEncryption.builder().passphrase(pass).enforced(true).build()))
        .lock(StateLock.localFile(stateFile))
        .dependencyLock(DependencyLock.pathFor(specFile))
        .build();
    Plan plan = provisioner.plan(InstanceGroup.fromYaml(specFile)).call();
    System.out.print(plan.render());
    ApplyResult result = provisioner.apply(plan).call();

    assertTrue(result.succeeded(), result.summary());
    assertEquals(3, plan.changes().size());
    assertEquals(3, ExampleCloud.CLOUD.list("no-oslo-1", Map.of("role", "worker")).size());
    assertTrue(Files.exists(DependencyLock.pathFor(specFile)), "the provider version and image are pinned");
    assertFalse(Files.readString(stateFile).contains("img-1"), "the state is encrypted");
  }
}
