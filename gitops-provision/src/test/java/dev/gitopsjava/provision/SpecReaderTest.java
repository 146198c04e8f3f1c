package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecReaderTest {

  @TempDir Path dir;

  @Test
  void readsTheScenarioSpecWithUserDataFromAFile() throws Exception {
    Files.writeString(dir.resolve("node-prep.yaml"), "#cloud-config\nbootcmd: [swapoff -a]\n");
    Path spec = dir.resolve("workers.yaml");
    Files.writeString(spec, """
        kind: InstanceGroup
        name: workers
        provider: {name: openstack, version: "~> 1.0", options: {cloud: oslo}}
        count: 3
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        sshKeys: [ops, backup]
        userDataFile: node-prep.yaml
        labels: {role: worker, tier: 1}
        lifecycle: {preventDestroy: true, createBeforeDestroy: true}
        """);
    InstanceGroup g = InstanceGroup.fromYaml(spec);
    InstanceGroup expected = InstanceGroup.builder("workers")
        .provider(new ProviderRequirement("openstack", "~> 1.0", Map.of("cloud", "oslo")))
        .count(3).region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops", "backup")).userData("#cloud-config\nbootcmd: [swapoff -a]\n")
        .labels(Map.of("role", "worker", "tier", "1")).lifecycle(new Lifecycle(true, true))
        .build();
    assertEquals(expected, g);
    assertEquals(List.of("workers-0", "workers-1", "workers-2"), g.keys());
    assertTrue(!g.toString().contains("swapoff"), "user data must not be in toString");
  }

  @Test
  void errorsNameTheFileAndField() {
    String base = "name: workers\nprovider: {name: x, version: '1.0'}\nregion: r\nimage: i\n"
        + "flavor: f\n";
    assertMessage("s.yaml: unknown field flavour", base + "flavour: f2\n");
    assertMessage("s.yaml: field count must be an integer", base + "count: three\n");
    assertMessage("s.yaml: count must be between 0 and 1000: 5000", base + "count: 5000\n");
    assertMessage("s.yaml: field region is required",
        "name: workers\nprovider: {name: x}\nimage: i\nflavor: f\n");
    assertMessage("s.yaml: label gitops-java.dev/group uses the reserved prefix gitops-java.dev/",
        base + "labels: {gitops-java.dev/group: x}\n");
    assertMessage("s.yaml: invalid version constraint \"~~ 1\"",
        base.replace("'1.0'", "'~~ 1'"));
    assertMessage("s.yaml: unknown field lifecycle.preventDestory",
        base + "lifecycle: {preventDestory: true}\n");
  }

  @Test
  void builderIsSetOnce() {
    InstanceGroup.Builder b = InstanceGroup.builder("w").count(1);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.count(2));
    assertEquals("count was already set", e.getMessage());
  }

  private static void assertMessage(String prefix, String yaml) {
    SpecException e = assertThrows(SpecException.class, () -> InstanceGroup.fromYaml(yaml, "s.yaml"));
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
  }
}
