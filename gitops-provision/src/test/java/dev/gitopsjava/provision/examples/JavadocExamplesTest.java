package dev.gitopsjava.provision.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.DependencyLock;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.cloudinit.CloudConfig;
import dev.gitopsjava.provision.cloudinit.NodeBootstrap;
import dev.gitopsjava.provision.cloudinit.UserDataLimit;
import dev.gitopsjava.provision.cloudinit.UserDataTooLargeException;
import dev.gitopsjava.provision.disk.DiskLatencyProbe;
import dev.gitopsjava.provision.disk.DiskLatencyReport;
import dev.gitopsjava.provision.disk.SyncMode;
import dev.gitopsjava.provision.state.StateDecryptionException;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of gitops-provision's entry points, run from another package (public API only). */
class JavadocExamplesTest {
  @TempDir Path temp;
  private final List<Path> cleanUp = new ArrayList<>();

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

  /**
   * A directory for the probe's 10 000 synced writes: on tmpfs when the machine has one, so the
   * test runs the probe's code in a second instead of timing the build machine's disk.
   */
  private Path etcdDataDirectory() throws Exception {
    Path shm = Path.of("/dev/shm");
    Path dir = Files.isDirectory(shm) && Files.isWritable(shm)
        ? Files.createTempDirectory(shm, "gitops-etcd-") : Files.createDirectory(temp.resolve("etcd"));
    cleanUp.add(dir);
    return dir;
  }

  @AfterEach
  void removeProbeDirectories() throws Exception {
    for (Path dir : cleanUp) {
      try (var left = Files.list(dir)) {
        for (Path p : left.toList()) {
          Files.delete(p);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  // DiskLatencyProbe's Javadoc example ("/var/lib/etcd" is a temp directory): etcd's fio job from Java.
  @Test
  void diskLatencyProbe() throws Exception {
    Path etcdData = etcdDataDirectory();
    // DiskLatencyProbe's Javadoc:
    DiskLatencyReport report = DiskLatencyProbe.builder()
        .directory(etcdData)
        .writeSize(2300)
        .totalBytes(22L * 1024 * 1024)
        .syncMode(SyncMode.FDATASYNC)
        .build()
        .run();

    assertEquals(22L * 1024 * 1024 / 2300, report.writes(), "full blocks only");
    assertEquals(report.writes() * 2300, report.bytes());
    assertEquals(SyncMode.FDATASYNC, report.syncMode());
    assertTrue(report.p50().compareTo(report.p99()) <= 0 && report.p99().compareTo(report.max()) <= 0, report.summary());
    try (var left = Files.list(etcdData)) {
      assertEquals(0, left.count(), "the probe removes its file");
    }
  }

  // The disk package's Javadoc example ("/var/lib/etcd" is a temp directory): the defaults are etcd's fio job.
  @Test
  void diskPackage() throws Exception {
    Path etcdData = etcdDataDirectory();
    List<String> warnings = new ArrayList<>();
    // package-info's Javadoc (the "..." records a warning):
    DiskLatencyReport r = DiskLatencyProbe.builder().directory(etcdData).build().run();
    if (!r.meetsEtcdCriterion()) { warnings.add(r.summary()); }

    assertEquals(DiskLatencyProbe.DEFAULT_TOTAL_BYTES / DiskLatencyProbe.DEFAULT_WRITE_SIZE, r.writes());
    assertEquals(SyncMode.FDATASYNC, r.syncMode());
    assertEquals(r.p99().compareTo(DiskLatencyReport.ETCD_P99_LIMIT) >= 0, !warnings.isEmpty(),
        "the criterion is etcd's p99 under 10 ms: " + r.summary());
  }

  private static final String EXTRA = """
      #cloud-config
      packages: [nvme-cli]
      runcmd:
        - [systemctl, enable, --now, kubelet]
      """;

  // The cloudinit package's Javadoc example ("extra.yaml" is a temp file): kernel prep plus the user's additions.
  @Test
  void cloudinitPackage() throws Exception {
    Files.writeString(temp.resolve("extra.yaml"), EXTRA);
    // package-info's Javadoc:
    CloudConfig additions = CloudConfig.parse(Files.readString(temp.resolve("extra.yaml")));
    String userData = NodeBootstrap.kubernetesNode().merge(additions).render();
    UserDataLimit.HETZNER.check(userData);

    assertTrue(userData.startsWith("#cloud-config\n"), userData);
    assertEquals(List.of("nvme-cli"), CloudConfig.parse(userData).content().get("packages"));
    assertThrows(UserDataTooLargeException.class,
        () -> UserDataLimit.HETZNER.check(userData + "#".repeat(32 * 1024)), "Hetzner takes 32 KiB");
  }

  // NodeBootstrap's Javadoc example: the kernel prep runs before the user's commands.
  @Test
  void nodeBootstrap() {
    String extra = EXTRA;
    // NodeBootstrap's Javadoc:
    String userData = NodeBootstrap.kubernetesNode().merge(CloudConfig.parse(extra)).render();

    Map<String, Object> content = CloudConfig.parse(userData).content();
    List<?> runcmd = (List<?>) content.get("runcmd");
    assertEquals(List.of("swapoff", "-a"), runcmd.get(0), "swap off first");
    assertEquals(List.of("systemctl", "enable", "--now", "kubelet"), runcmd.get(runcmd.size() - 1), "the user's command last");
    assertTrue(runcmd.contains(List.of("modprobe", "br_netfilter")), userData);
    assertEquals(List.of(NodeBootstrap.MODULES_FILE, NodeBootstrap.SYSCTL_FILE),
        ((List<?>) content.get("write_files")).stream().map(f -> ((Map<?, ?>) f).get("path")).toList());
    assertEquals(List.of("nvme-cli"), content.get("packages"));
  }

  // StateEncryption's Javadoc example: a passphrase rotation, where files written with the previous
  // passphrase stay readable and every write uses the new one.
  @Test
  void stateEncryption() {
    String previousPassphrase = "the passphrase of last year, long enough";
    Map<String, String> environment = Map.of("GITOPS_STATE_PASSPHRASE", "the passphrase of this year, long enough");
    byte[] state = "{\"serial\": 3, \"lineage\": \"0b5e2d0c-workers\", \"instances\": []}".getBytes(StandardCharsets.UTF_8);
    // The fewest iterations allowed: the old file's key derivation is not what this test is about.
    byte[] writtenLastYear = StateEncryption.builder().passphrase(previousPassphrase).iterations(200_000).build()
        .encrypt(state);
    // StateEncryption's Javadoc (System.getenv is the map above):
    StateEncryption enc = StateEncryption.builder()
        .passphrase("new", environment.get("GITOPS_STATE_PASSPHRASE"))   // primary, writes
        .fallbackPassphrase("main", previousPassphrase)                  // read-only, for rotation
        .enforced(true)                                                  // never write plaintext
        .build();

    assertArrayEquals(state, enc.decrypt(writtenLastYear, "workers.tfstate.json"), "the fallback opens the old file");
    byte[] rewritten = enc.encrypt(state);
    assertArrayEquals(state, enc.decrypt(rewritten, "workers.tfstate.json"));
    StateEncryption previousOnly = StateEncryption.builder().passphrase(previousPassphrase).build();
    assertThrows(StateDecryptionException.class, () -> previousOnly.decrypt(rewritten, "workers.tfstate.json"),
        "writes use the new passphrase");
    assertThrows(StateDecryptionException.class, () -> enc.decrypt(state, "workers.tfstate.json"),
        "a plaintext state is not read");
    assertFalse(enc.toString().contains("passphrase of"), enc.toString());
    StateEncryption misnamed = StateEncryption.builder().passphrase("new", environment.get("GITOPS_STATE_PASSPHRASE"))
        .fallbackPassphrase("old", previousPassphrase).build();
    assertThrows(StateDecryptionException.class, () -> misnamed.decrypt(writtenLastYear, "workers.tfstate.json"),
        "a fallback opens only files written under its key provider name");
  }
}
