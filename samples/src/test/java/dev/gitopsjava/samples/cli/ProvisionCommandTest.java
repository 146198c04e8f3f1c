package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class ProvisionCommandTest {

  static final String PASSPHRASE = "cli-test-passphrase-0123456789";
  static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir Path dir;
  Path spec;
  Path state;
  final Map<String, String> env = new HashMap<>();

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void spec() throws Exception {
    spec = dir.resolve("workers.yaml");
    state = dir.resolve("workers.tfstate");
    Files.writeString(spec, """
        name: workers
        provider:
          name: simulator
          version: "~> 1.0"
          options: {file: "%s"}
        count: 3
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        sshKeys: [ops]
        userData: |
          #cloud-config
          bootcmd: [swapoff -a]
        labels: {role: worker}
        """.formatted(dir.resolve("sim-cloud.json").toString().replace("\\", "/")));
    env.put("GITOPS_STATE_PASSPHRASE", PASSPHRASE);
    env.put("GITOPS_STATE_PBKDF2_ITERATIONS", "200000");
  }

  Run withStdin(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    CommandLine cl = ProvisionCommand.commandLine(env, in, () -> {
      throw new AssertionError("no Kubernetes client expected");
    });
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    Run r = new Run(code, out.toString(), err.toString());
    assertFalse(r.out.contains(PASSPHRASE) || r.err.contains(PASSPHRASE), "passphrase printed");
    return r;
  }

  Run run(String... args) {
    return withStdin("", args);
  }

  @Test
  void planExitsOneWithChangesThenApplyThenPlanExitsZero() throws Exception {
    Run plan = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(1, plan.exit, plan.err);
    assertTrue(plan.out.contains("Plan: 3 to add, 0 to change, 0 to destroy."), plan.out);

    Run apply = run("apply", "-f", spec.toString(), "--state", state.toString());
    assertEquals(0, apply.exit, apply.err);
    assertTrue(apply.out.contains("Apply complete! Resources: 3 added, 0 changed, 0 destroyed."),
        apply.out);
    assertTrue(Files.exists(dir.resolve("workers.lock.json")), "lock file written beside spec");
    String onDisk = Files.readString(state);
    assertTrue(onDisk.contains("\"encryption_version\":\"v0\""));
    assertFalse(onDisk.contains("workers-0"));

    Run again = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(0, again.exit, again.err);
    assertTrue(again.out.contains("No changes."), again.out);

    Run destroy = run("destroy", "-f", spec.toString(), "--state", state.toString());
    assertEquals(0, destroy.exit, destroy.err);
    assertTrue(destroy.out.contains("0 added, 0 changed, 3 destroyed."), destroy.out);
  }

  @Test
  void missingPassphraseExitsTwoNamingTheVariable() {
    env.remove("GITOPS_STATE_PASSPHRASE");
    Run r = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("GITOPS_STATE_PASSPHRASE is not set"), r.err);
  }

  @Test
  void wrongPassphraseExitsTwoAndLeavesTheStateAlone() throws Exception {
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    byte[] before = Files.readAllBytes(state);
    env.put("GITOPS_STATE_PASSPHRASE", "some-other-passphrase-entirely");
    Run r = run("apply", "-f", spec.toString(), "--state", state.toString());
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("wrong passphrase or tampered data"), r.err);
    assertFalse(r.err.contains("some-other-passphrase-entirely"), r.err);
    assertArrayEquals(before, Files.readAllBytes(state));
  }

  @Test
  void stateDecryptPrintsJsonAndEncryptWritesItBack() throws Exception {
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    Run pulled = run("state", "decrypt", "--state", state.toString());
    assertEquals(0, pulled.exit, pulled.err);
    assertTrue(pulled.out.contains("\"lineage\""), pulled.out);
    assertTrue(pulled.out.contains("\"workers-2\""), pulled.out);

    Path copy = dir.resolve("copy.tfstate");
    Run pushed = withStdin(pulled.out, "state", "encrypt", "--state", copy.toString());
    assertEquals(0, pushed.exit, pushed.err);
    assertFalse(Files.readString(copy).contains("workers-2"));
    assertEquals(pulled.out, run("state", "decrypt", "--state", copy.toString()).out);

    Run garbage = withStdin("not json", "state", "encrypt", "--state", copy.toString());
    assertEquals(2, garbage.exit);
    assertTrue(garbage.err.contains("not valid JSON"), garbage.err);
  }

  @Test
  void savedPlanAppliesOnceThenIsStale() {
    Path planFile = dir.resolve("workers.plan");
    Run plan = run("plan", "-f", spec.toString(), "--state", state.toString(),
        "--out", planFile.toString());
    assertEquals(1, plan.exit, plan.err);
    Run apply = run("apply", "-f", spec.toString(), "--state", state.toString(),
        "--plan", planFile.toString());
    assertEquals(0, apply.exit, apply.err);
    Run stale = run("apply", "-f", spec.toString(), "--state", state.toString(),
        "--plan", planFile.toString());
    assertEquals(2, stale.exit);
    assertTrue(stale.err.contains("Saved plan does not match the given state"), stale.err);
  }

  @Test
  void badSpecExitsTwoNamingTheField() throws Exception {
    Files.writeString(spec, Files.readString(spec).replace("count: 3", "cuont: 3"));
    Run r = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("unknown field cuont"), r.err);
  }

  @Test
  void registeredUnderGitops() {
    CommandLine root = GitOpsCommand.commandLine();
    assertTrue(root.getSubcommands().containsKey("provision"));
    assertTrue(root.getSubcommands().get("provision").getSubcommands().keySet()
        .containsAll(java.util.Set.of("plan", "apply", "destroy", "state", "force-unlock")));
  }

  @Test
  void forceUnlockNeedsALockThatIsHeld() {
    Run r = run("force-unlock", "0b5e1d7c-0000-0000-0000-000000000000", "--state",
        state.toString());
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("is not held; nothing to unlock"), r.err);
  }

  @Test
  void lockTimeoutMustBeADuration() {
    Run r = run("plan", "-f", spec.toString(), "--state", state.toString(),
        "--lock-timeout", "soon");
    assertEquals(2, r.exit);
    assertTrue(r.err.contains("'--lock-timeout'") && r.err.contains("'soon' is not a duration"), r.err);
    assertEquals(1, r.err.strip().lines().count(), r.err);
  }

  /** Servers in the simulator's cloud file, by name, sorted (creates run in parallel). */
  List<String> simulatedServers() throws Exception {
    List<String> names = new ArrayList<>();
    JSON.readTree(dir.resolve("sim-cloud.json").toFile()).path("servers")
        .forEach(s -> names.add(s.path("name").asString()));
    return names.stream().sorted().toList();
  }

  /** Deletes a server behind the engine's back, as someone in the cloud console would. */
  void deleteOutOfBand(String name) throws Exception {
    Path cloud = dir.resolve("sim-cloud.json");
    ObjectNode root = (ObjectNode) JSON.readTree(cloud.toFile());
    ArrayNode servers = (ArrayNode) root.get("servers");
    for (int i = 0; i < servers.size(); i++) {
      if (servers.get(i).path("name").asString().equals(name)) {
        servers.remove(i);
        break;
      }
    }
    Files.writeString(cloud, JSON.writeValueAsString(root));
  }

  @Test
  void refreshOnlyPlanShowsAndApplyRecordsAnOutOfBandDeleteCreatingNothing() throws Exception {
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    deleteOutOfBand("workers-1");
    long nextId = JSON.readTree(dir.resolve("sim-cloud.json").toFile()).path("next_id").asLong();

    Run plan = run("plan", "-f", spec.toString(), "--state", state.toString(), "--refresh-only");
    assertEquals(1, plan.exit, plan.err);
    assertTrue(plan.out.contains("- workers-1: removed from the state"), plan.out);
    assertTrue(plan.out.contains("No instance will be created, changed or destroyed."), plan.out);

    Run apply = run("apply", "-f", spec.toString(), "--state", state.toString(), "--refresh-only");
    assertEquals(0, apply.exit, apply.err);
    assertEquals(List.of("workers-0", "workers-2"), simulatedServers());
    assertEquals(nextId,
        JSON.readTree(dir.resolve("sim-cloud.json").toFile()).path("next_id").asLong());
    String pulled = run("state", "decrypt", "--state", state.toString()).out;
    assertFalse(pulled.contains("\"workers-1\""), pulled);

    assertEquals(0, run("plan", "-f", spec.toString(), "--state", state.toString(),
        "--refresh-only").exit);
    Run full = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(1, full.exit, full.err);
    assertTrue(full.out.contains("Plan: 1 to add, 0 to change, 0 to destroy."), full.out);
  }

  @Test
  void excludeLeavesASlotAloneAndClashesWithTargetOfTheSameSlot() throws Exception {
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    Run clash = run("plan", "-f", spec.toString(), "--state", state.toString(), "--destroy",
        "--target", "workers-1", "--exclude", "workers[1]");
    assertEquals(2, clash.exit);
    assertTrue(clash.err.contains("target workers-1 and exclude workers[1]"), clash.err);

    Run destroy = run("destroy", "-f", spec.toString(), "--state", state.toString(),
        "--exclude", "workers-0", "--exclude", "workers[2]");
    assertEquals(0, destroy.exit, destroy.err);
    assertTrue(destroy.out.contains("Excluded: workers-0, workers[2] (left untouched)"),
        destroy.out);
    assertTrue(destroy.out.contains("0 added, 0 changed, 1 destroyed."), destroy.out);
    assertEquals(List.of("workers-0", "workers-2"), simulatedServers());
  }

  @Test
  void ignoreChangesInTheSpecKeepsAUserDataEditFromReplacing() throws Exception {
    Files.writeString(spec, Files.readString(spec) + "lifecycle: {ignoreChanges: [userData]}\n");
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    Files.writeString(spec, Files.readString(spec).replace("swapoff -a", "swapoff -a, true"));
    Run plan = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(0, plan.exit, plan.out + plan.err);
    assertTrue(plan.out.contains("Ignored (lifecycle.ignoreChanges [userData])"), plan.out);

    Files.writeString(spec, Files.readString(spec).replace("[userData]", "[userdata]"));
    Run bad = run("plan", "-f", spec.toString(), "--state", state.toString());
    assertEquals(2, bad.exit);
    assertTrue(bad.err.contains("lifecycle.ignoreChanges: unknown attribute \"userdata\""),
        bad.err);
  }

  @Test
  void savedRefreshOnlyPlanNeedsRefreshOnlyToApply() throws Exception {
    assertEquals(0, run("apply", "-f", spec.toString(), "--state", state.toString()).exit);
    deleteOutOfBand("workers-2");
    Path planFile = dir.resolve("refresh.plan");
    assertEquals(1, run("plan", "-f", spec.toString(), "--state", state.toString(),
        "--refresh-only", "--out", planFile.toString()).exit);
    Run mismatched = run("apply", "-f", spec.toString(), "--state", state.toString(),
        "--plan", planFile.toString());
    assertEquals(2, mismatched.exit);
    assertTrue(mismatched.err.contains("was planned with --refresh-only"), mismatched.err);
    Run apply = run("apply", "-f", spec.toString(), "--state", state.toString(),
        "--plan", planFile.toString(), "--refresh-only");
    assertEquals(0, apply.exit, apply.err);
    assertEquals(List.of("workers-0", "workers-1"), simulatedServers());
    String pulled = run("state", "decrypt", "--state", state.toString()).out;
    assertFalse(pulled.contains("\"workers-2\""), pulled);
  }
}
