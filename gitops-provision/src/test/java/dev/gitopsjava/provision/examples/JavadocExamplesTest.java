package dev.gitopsjava.provision.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.provision.InstanceGroup;
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
}
