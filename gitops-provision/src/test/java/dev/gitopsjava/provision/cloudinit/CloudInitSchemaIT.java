package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.testing.InteropTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's {@code cloud-init schema} as the judge of the user data we generate. */
class CloudInitSchemaIT {
  @TempDir Path dir;

  @Test
  void cloudInitAcceptsGeneratedUserData() throws Exception {
    InteropTool cloudInit = InteropTool.require("cloud-init");
    CloudConfig additions = CloudConfig.parse("""
        #cloud-config
        hostname: worker-a
        package_update: true
        packages: [containerd, [kubelet, 1.31.2-1.1]]
        users:
          - name: kube
            groups: [sudo]
            shell: /bin/bash
            ssh_authorized_keys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample kube@example]
        runcmd:
          - [systemctl, enable, --now, containerd]
        """);
    String userData = NodeBootstrap.kubernetesNode().merge(additions).render();
    Path file = dir.resolve("user-data.yaml");
    Files.writeString(file, userData);
    InteropTool.Run run = cloudInit.run(dir, 60, "schema", "--config-file", "user-data.yaml");
    assertEquals(0, run.exit(), run.stderr() + "\n" + userData);
    assertEquals("Valid cloud-config: user-data.yaml\n", run.stdout());
  }

  @Test
  void ourVerdictMatchesLiveCloudInitOnTheSamples() throws Exception {
    InteropTool cloudInit = InteropTool.require("cloud-init");
    Path samples = Conformance.dir("cloud-init").resolve("samples");
    List<Path> files;
    try (var s = Files.list(samples)) {
      files = s.sorted().toList();
    }
    // One Python start-up per file (~0.5 s): keep this list short.
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.equals("accepted-unknown-top-level-key.yaml")) {
        continue; // we are deliberately stricter; CloudConfigConformanceTest pins that
      }
      InteropTool.Run run = cloudInit.run(samples, 60, "schema", "--config-file", name);
      boolean ours = CloudConfig.problems(Files.readString(file), name).isEmpty();
      assertEquals(run.exit() == 0, ours, name + ": " + run.stderr());
    }
  }

  @Test
  void yaml11TypingMatchesLiveCloudInit() throws Exception {
    InteropTool cloudInit = InteropTool.require("cloud-init");
    String text = """
        #cloud-config
        hostname: 12:30
        package_update: yes
        write_files:
          - path: /x
            permissions: 0644
        runcmd:
          - [echo, 1e3]
        """;
    Files.writeString(dir.resolve("yaml11.yaml"), text);
    InteropTool.Run run = cloudInit.run(dir, 60, "schema", "--config-file", "yaml11.yaml");
    assertEquals(1, run.exit(), run.stdout());
    assertEquals(CloudConfigConformanceTest.pathsIn(run.stderr()),
        CloudConfig.problems(text, "yaml11.yaml").stream().map(CloudConfigProblem::path)
            .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new)),
        run.stderr());
  }
}
