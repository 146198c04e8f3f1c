package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import dev.gitopsjava.provision.testing.FakeTime;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider.Call;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Terraform's lifecycle {@code ignore_changes}, {@code -refresh-only} and {@code -exclude},
 * through the public API against the in-memory cloud.
 */
class PlanOptionsTest {

  @TempDir Path dir;
  final FakeTime time = new FakeTime();
  final InMemoryComputeProvider cloud = new InMemoryComputeProvider()
      .image("no-oslo-1", "ubuntu-22.04", "img-1")
      .flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8")
      .flavor("no-oslo-1", "nvme.16cpu.64gb", "fl-16");

  static InstanceGroup group(int count, String userData, Lifecycle lifecycle) {
    return InstanceGroup.builder("workers").provider("inmemory", ">= 1.0, < 2.0").count(count)
        .region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
        .sshKeys(List.of("ops")).userData(userData).labels(Map.of("role", "worker"))
        .lifecycle(lifecycle).build();
  }

  static InstanceGroup group(int count) {
    return group(count, "#cloud-config\n", Lifecycle.defaults());
  }

  Provisioner provisioner() {
    Path state = dir.resolve("state.json");
    return Provisioner.builder()
        .providers(ComputeProviders.empty().register(cloud))
        .state(StateStore.file(state, StateEncryption.none()))
        .lock(StateLock.localFile(state))
        .clock(time).sleeper(time).random(new Random(5))
        .build();
  }

  ApplyResult apply(Plan plan) {
    ApplyResult r = provisioner().apply(plan).call();
    assertTrue(r.succeeded(), r.summary());
    return r;
  }

  State state() {
    return provisioner().state().orElseThrow();
  }

  String idOf(String name) {
    return state().instance(name).orElseThrow().id().orElseThrow();
  }

  static Map<String, ChangeAction> actions(Plan plan) {
    return plan.changes().stream()
        .collect(Collectors.toMap(PlannedChange::key, PlannedChange::action));
  }

  // ---- ignore_changes ----

  @Test
  void ignoredUserDataEditPlansNoChangesWhereItWouldReplace() {
    Lifecycle ignoring = Lifecycle.defaults().ignoringChanges("userData");
    apply(provisioner().plan(group(2, "#cloud-config\n", ignoring)).call());
    String edited = "#cloud-config\npackages: [htop]\n";

    Plan control = provisioner().plan(group(2, edited, Lifecycle.defaults())).call();
    assertEquals(Map.of("workers-0", ChangeAction.REPLACE, "workers-1", ChangeAction.REPLACE),
        actions(control));

    Plan plan = provisioner().plan(group(2, edited, ignoring)).call();
    assertFalse(plan.hasChanges(), plan.render());
    assertEquals(Map.of("workers-0", ChangeAction.NO_OP, "workers-1", ChangeAction.NO_OP),
        actions(plan));
    assertEquals(List.of("user_data"), plan.changes().get(0).ignored().stream()
        .map(AttributeChange::attribute).toList());
    assertTrue(plan.render().contains("No changes."), plan.render());
    assertTrue(plan.render().contains("Ignored (lifecycle.ignoreChanges [userData])"),
        plan.render());
    int creates = cloud.calls(Call.CREATE);
    apply(plan);
    assertEquals(creates, cloud.calls(Call.CREATE));
    assertEquals(0, cloud.calls(Call.DELETE));
  }

  @Test
  void ignoredFlavorStaysButANewInstanceGetsTheSpecsFlavor() {
    Lifecycle ignoring = Lifecycle.defaults().ignoringChanges("flavor");
    apply(provisioner().plan(group(1, "", ignoring)).call());
    InstanceGroup bigger = group(2, "", ignoring).withFlavor("nvme.16cpu.64gb");
    Plan plan = provisioner().plan(bigger).call();
    assertEquals(Map.of("workers-0", ChangeAction.NO_OP, "workers-1", ChangeAction.CREATE),
        actions(plan));
    apply(plan);
    assertEquals("fl-8", state().instance("workers-0").orElseThrow().flavorId());
    assertEquals("fl-16", state().instance("workers-1").orElseThrow().flavorId());
  }

  @Test
  void anIgnoredAttributeDoesNotHideAReplaceForcedByAnother() {
    Lifecycle ignoring = Lifecycle.defaults().ignoringChanges("userData");
    apply(provisioner().plan(group(1, "", ignoring)).call());
    Plan plan = provisioner().plan(group(1, "#cloud-config\n", ignoring)
        .withFlavor("nvme.16cpu.64gb")).call();
    assertEquals(Map.of("workers-0", ChangeAction.REPLACE), actions(plan));
    PlannedChange c = plan.changes().get(0);
    assertEquals(List.of("flavor"), c.attributes().stream().map(AttributeChange::attribute)
        .toList());
    assertEquals(List.of("user_data"), c.ignored().stream().map(AttributeChange::attribute)
        .toList());
  }

  @Test
  void ignoringLabelsKeepsTheUsersLabelsButNotTheOwnershipMarks() {
    Lifecycle ignoring = Lifecycle.defaults().ignoringChanges("labels");
    apply(provisioner().plan(group(1, "", ignoring)).call());
    Plan relabelled = provisioner().plan(group(1, "", ignoring)
        .withLabels(Map.of("role", "db"))).call();
    assertFalse(relabelled.hasChanges(), relabelled.render());
    assertEquals(0, cloud.calls(Call.SET_LABELS));
  }

  @Test
  void allIgnoresEveryAttribute() {
    Lifecycle all = Lifecycle.defaults().ignoringChanges(Lifecycle.ALL);
    apply(provisioner().plan(group(1, "", all)).call());
    InstanceGroup changed = group(1, "#cloud-config\n", all).withFlavor("nvme.16cpu.64gb")
        .withLabels(Map.of("role", "db"));
    Plan plan = provisioner().plan(changed).call();
    assertFalse(plan.hasChanges(), plan.render());
    assertEquals(3, plan.changes().get(0).ignored().size());
  }

  @Test
  void unknownIgnoredAttributeIsRejectedNamingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Lifecycle.defaults().ignoringChanges("userdata"));
    assertTrue(e.getMessage().contains("lifecycle.ignoreChanges"), e.getMessage());
    assertTrue(e.getMessage().contains("\"userdata\""), e.getMessage());

    String yaml = """
        name: workers
        provider: {name: inmemory, version: ">= 1.0"}
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        lifecycle: {ignoreChanges: [userData, colour]}
        """;
    SpecException s = assertThrows(SpecException.class,
        () -> InstanceGroup.fromYaml(yaml, "workers.yaml"));
    assertTrue(s.getMessage().startsWith("workers.yaml: lifecycle.ignoreChanges"), s.getMessage());
    assertTrue(s.getMessage().contains("\"colour\""), s.getMessage());

    SpecException notAList = assertThrows(SpecException.class, () -> InstanceGroup.fromYaml(
        yaml.replace("[userData, colour]", "userData"), "workers.yaml"));
    assertTrue(notAList.getMessage().contains("lifecycle.ignoreChanges must be a list"),
        notAList.getMessage());
  }

  /** A one-instance YAML spec protected and ignoring userData and sshKeys, plus {@code extra}. */
  static InstanceGroup ignoringSpec(String extra) {
    return InstanceGroup.fromYaml("""
        name: workers
        provider: {name: inmemory, version: ">= 1.0, < 2.0"}
        count: 1
        region: no-oslo-1
        image: ubuntu-22.04
        flavor: nvme.8cpu.32gb
        lifecycle: {preventDestroy: true, ignoreChanges: [userData, sshKeys]}
        """ + extra, "workers.yaml");
  }

  @Test
  void ignoreChangesReadsFromYamlAndSurvivesASavedPlan() {
    InstanceGroup g = ignoringSpec("userData: \"#cloud-config\\n\"\n");
    assertEquals(Set.of("userData", "sshKeys"), g.lifecycle().ignoreChanges());
    assertTrue(g.lifecycle().preventDestroy());
    apply(provisioner().plan(g).call());
    InstanceGroup edited = ignoringSpec(
        "sshKeys: [ops, admin]\nuserData: \"#cloud-config\\nruncmd: [reboot]\\n\"\n");
    assertEquals(List.of("ops", "admin"), edited.sshKeys());
    assertTrue(edited.userData().contains("reboot"));
    Plan plan = provisioner().plan(edited).call();
    assertFalse(plan.hasChanges(), plan.render());
    Path file = dir.resolve("workers.plan");
    PlanFile.write(plan, file, StateEncryption.none());
    Plan loaded = PlanFile.read(file, StateEncryption.none());
    assertEquals(edited, loaded.group());
    assertFalse(loaded.hasChanges(), loaded.render());
    assertEquals(plan.render(), loaded.render());
  }

  // ---- refresh-only ----

  @Test
  void refreshOnlyAfterAnOutOfBandDeleteDropsTheRecordAndCreatesNothing() {
    apply(provisioner().plan(group(3)).call());
    long serial = state().serial();
    cloud.remove(idOf("workers-1"));
    int creates = cloud.calls(Call.CREATE);

    Plan plan = provisioner().plan(group(3)).refreshOnly(true).call();
    assertTrue(plan.refreshOnly());
    assertTrue(plan.hasChanges(), plan.render());
    assertTrue(plan.changes().isEmpty());
    assertEquals(List.of("workers-1"), plan.stateChanges().stream().map(StateChange::name)
        .toList());
    assertEquals(StateChange.Kind.REMOVED, plan.stateChanges().get(0).kind());
    assertTrue(plan.render().contains("- workers-1: removed from the state"), plan.render());
    assertTrue(plan.render().contains("State: 1 to remove, 0 to update, 0 to add."),
        plan.render());

    ApplyResult r = apply(plan);
    assertTrue(r.outcomes().isEmpty());
    assertEquals(creates, cloud.calls(Call.CREATE));
    assertEquals(0, cloud.calls(Call.DELETE));
    assertEquals(2, cloud.instances().size());
    State after = state();
    assertEquals(serial + 1, after.serial());
    assertEquals(List.of("workers-0", "workers-2"),
        after.instances().stream().map(InstanceState::name).toList());

    Plan again = provisioner().plan(group(3)).refreshOnly(true).call();
    assertFalse(again.hasChanges(), again.render());
    assertTrue(again.render().contains("No changes. The state matches"), again.render());
    assertEquals(Map.of("workers-0", ChangeAction.NO_OP, "workers-1", ChangeAction.CREATE,
        "workers-2", ChangeAction.NO_OP), actions(provisioner().plan(group(3)).call()));
  }

  @Test
  void refreshOnlyRecordsChangedAttributesWithoutTouchingTheInstance() {
    apply(provisioner().plan(group(1)).call());
    ProviderInstance live = cloud.instances().get(0);
    cloud.put(new ProviderInstance(live.id(), live.name(), live.region(), live.imageId(),
        "fl-16", live.status(), live.labels(), live.addresses()));

    Plan plan = provisioner().plan(group(1)).refreshOnly(true).call();
    assertEquals(List.of(StateChange.Kind.UPDATED), plan.stateChanges().stream()
        .map(StateChange::kind).toList());
    assertEquals(List.of("flavor_id \"fl-8\" -> \"fl-16\""),
        plan.stateChanges().get(0).differences());
    assertTrue(plan.render().contains(
        "~ workers-0: updated from the provider: flavor_id \"fl-8\" -> \"fl-16\""),
        plan.render());
    apply(plan);
    assertEquals("fl-16", state().instance("workers-0").orElseThrow().flavorId());
    assertEquals(1, cloud.calls(Call.CREATE));
    assertEquals(0, cloud.calls(Call.SET_LABELS) + cloud.calls(Call.DELETE));
  }

  @Test
  void refreshOnlyWithNothingDriftedWritesNothing() {
    apply(provisioner().plan(group(2)).call());
    long serial = state().serial();
    Plan plan = provisioner().plan(group(2)).refreshOnly(true).call();
    assertFalse(plan.hasChanges(), plan.render());
    apply(plan);
    assertEquals(serial, state().serial());
  }

  @Test
  void savedRefreshOnlyPlanIsBoundToSerialAndLineage() {
    apply(provisioner().plan(group(2)).call());
    cloud.remove(idOf("workers-0"));
    Plan plan = provisioner().plan(group(2)).refreshOnly(true).call();
    Path file = dir.resolve("refresh.plan");
    PlanFile.write(plan, file, StateEncryption.none());
    Plan loaded = PlanFile.read(file, StateEncryption.none());
    assertTrue(loaded.refreshOnly());
    assertEquals(plan.stateChanges(), loaded.stateChanges());

    apply(provisioner().plan(group(2)).call()); // re-creates workers-0: serial moves on
    assertThrows(StalePlanException.class, () -> provisioner().apply(loaded).call());
  }

  @Test
  void refreshOnlyCannotBeCombinedWithDestroy() {
    apply(provisioner().plan(group(2)).call());
    SpecException d = assertThrows(SpecException.class,
        () -> provisioner().destroy(group(2)).refreshOnly(true).call());
    assertTrue(d.getMessage().contains("refresh-only") && d.getMessage().contains("destroy"),
        d.getMessage());
  }

  @Test
  void refreshOnlyWithExcludeOrTargetRefreshesOnlyTheSelectedSlots() {
    apply(provisioner().plan(group(3)).call());
    cloud.remove(idOf("workers-0"));
    cloud.remove(idOf("workers-2"));

    Plan excluding = provisioner().plan(group(3)).refreshOnly(true).exclude("workers[0]").call();
    assertEquals(List.of("workers-2"), excluding.stateChanges().stream()
        .map(StateChange::name).toList());
    assertFalse(excluding.render().contains("workers-0 ("), excluding.render());
    apply(excluding);
    assertEquals(List.of("workers-0", "workers-1"),
        state().instances().stream().map(InstanceState::name).toList());

    Plan targeting = provisioner().plan(group(3)).refreshOnly(true).target("workers-1").call();
    assertFalse(targeting.hasChanges(), targeting.render());
    SpecException clash = assertThrows(SpecException.class, () -> provisioner().plan(group(3))
        .refreshOnly(true).target("workers-0").exclude("workers-0").call());
    assertTrue(clash.getMessage().contains("target workers-0 and exclude workers-0"),
        clash.getMessage());
    assertEquals(3, cloud.calls(Call.CREATE));
  }

  // ---- exclude ----

  @Test
  void excludedInstanceIsLeftUntouched() {
    apply(provisioner().plan(group(3)).call());
    String keptId = idOf("workers-1");
    InstanceGroup bigger = group(3).withFlavor("nvme.16cpu.64gb");
    Plan plan = provisioner().plan(bigger).exclude("workers[1]").call();
    assertEquals(Map.of("workers-0", ChangeAction.REPLACE, "workers-2", ChangeAction.REPLACE),
        actions(plan));
    assertTrue(plan.render().contains("Excluded: workers[1] (left untouched)"), plan.render());
    apply(plan);
    assertEquals(keptId, idOf("workers-1"));
    assertEquals("fl-8", state().instance("workers-1").orElseThrow().flavorId());
    assertEquals(Map.of("workers-1", ChangeAction.REPLACE),
        actions(provisioner().plan(bigger).call()).entrySet().stream()
            .filter(e -> e.getValue() != ChangeAction.NO_OP)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  @Test
  void excludeSparesAnInstanceFromDestroyAndScaleDown() {
    apply(provisioner().plan(group(3)).call());
    Plan down = provisioner().plan(group(1)).exclude("workers-2").call();
    assertEquals(Map.of("workers-0", ChangeAction.NO_OP, "workers-1", ChangeAction.DELETE),
        actions(down));
    apply(down);
    assertEquals(1, cloud.calls(Call.DELETE));
    Plan destroy = provisioner().destroy(group(1)).exclude("workers-0").call();
    apply(destroy);
    assertEquals(List.of("workers-0"),
        state().instances().stream().map(InstanceState::name).toList());
    assertEquals(1, cloud.instances().size());
  }

  @Test
  void excludeAndTargetOfTheSameSlotIsAnErrorNamingBoth() {
    apply(provisioner().plan(group(2)).call());
    SpecException e = assertThrows(SpecException.class, () -> provisioner().plan(group(2))
        .target("workers-0", "workers-1").exclude("workers[1]").call());
    assertTrue(e.getMessage().contains("target workers-1 and exclude workers[1]"),
        e.getMessage());
    SpecException none = assertThrows(SpecException.class,
        () -> provisioner().plan(group(2)).exclude("workers-7").call());
    assertTrue(none.getMessage().contains("exclude workers-7 matches no instance"),
        none.getMessage());
  }

  @Test
  void savedPlanKeepsItsExcludes() {
    apply(provisioner().plan(group(2)).call());
    Plan plan = provisioner().plan(group(2).withFlavor("nvme.16cpu.64gb"))
        .exclude("workers-0").call();
    Path file = dir.resolve("excl.plan");
    PlanFile.write(plan, file, StateEncryption.none());
    Plan loaded = PlanFile.read(file, StateEncryption.none());
    assertEquals(Set.of("workers-0"), loaded.excludes());
    assertEquals(actions(plan), actions(loaded));
  }
}
