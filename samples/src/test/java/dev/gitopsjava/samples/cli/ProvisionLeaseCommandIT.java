package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.LockInfo;
import dev.gitopsjava.provision.state.StateLock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops provision ... --lease NAMESPACE/NAME} against the in-process API server. */
@EnableKubernetesMockClient(crud = true)
class ProvisionLeaseCommandIT {

  static KubernetesClient client;

  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    CommandLine cl = ProvisionCommand.commandLine(Map.of(
        "GITOPS_STATE_PASSPHRASE", "lease-test-passphrase-012345",
        "GITOPS_STATE_PBKDF2_ITERATIONS", "200000"), new ByteArrayInputStream(new byte[0]),
        () -> client);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void applyHoldsTheLeaseAndAHeldLeaseStopsOthersUntilForceUnlocked() throws Exception {
    Path spec = dir.resolve("workers.yaml");
    Files.writeString(spec, """
        name: workers
        provider: {name: simulator, version: "~> 1.0", options: {file: "%s"}}
        count: 2
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        """.formatted(dir.resolve("cloud.json").toString().replace("\\", "/")));
    String state = dir.resolve("workers.tfstate").toString();

    Run apply = run("apply", "-f", spec.toString(), "--state", state, "--lease",
        "provision/workers", "--lease-duration", "30s");
    assertEquals(0, apply.exit, apply.err);
    assertNull(client.leases().inNamespace("provision").withName("workers").get(),
        "the lease is released after apply");

    LockHandle held = StateLock.kubernetesLease(client, "provision", "workers").autoRenew(false)
        .build().lock(LockInfo.create("apply", state, Clock.systemUTC()));
    Run blocked = run("plan", "-f", spec.toString(), "--state", state, "--lease",
        "provision/workers");
    assertEquals(2, blocked.exit);
    assertTrue(blocked.err.contains("is locked: ID=" + held.info().id() + ", Operation=apply"),
        blocked.err);

    Run unlock = run("force-unlock", held.info().id(), "--state", state, "--lease",
        "provision/workers");
    assertEquals(0, unlock.exit, unlock.err);
    assertNull(client.leases().inNamespace("provision").withName("workers").get());
    assertEquals(0, run("plan", "-f", spec.toString(), "--state", state, "--lease",
        "provision/workers").exit);
  }
}
