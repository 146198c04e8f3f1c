package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyncPlannerTest {
  private static final String MARK = "gitops-java/app";

  static Manifest configMap(String name, String... annotations) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n");
    if (annotations.length > 0) {
      yaml.append("  annotations:\n");
      for (int i = 0; i < annotations.length; i += 2) {
        yaml.append("    ").append(annotations[i]).append(": \"").append(annotations[i + 1]).append("\"\n");
      }
    }
    return Manifest.parse(yaml.toString());
  }

  static Manifest owned(Manifest m) {
    return m.withLabel(MARK, "shop");
  }

  static PlanRequest.Builder request(List<Manifest> desired, List<Manifest> live) {
    return PlanRequest.builder(DesiredState.of("abc", desired), LiveState.of(live))
        .owned(m -> m.label(MARK).isPresent());
  }

  @Test
  void emptyDesiredStateIsRefusedWithoutAllowEmpty() {
    Manifest live = owned(configMap("settings").withNamespace("shop"));
    EmptyDesiredStateException e = assertThrows(EmptyDesiredStateException.class, () -> SyncPlanner.plan(
        request(List.of(), List.of(live))
            .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build()));
    assertEquals(1, e.ownedLiveResources());
    assertTrue(e.getMessage().contains("allowEmpty"), e.getMessage());
    assertTrue(GitOpsException.class.isInstance(e));
  }

  @Test
  void emptyDesiredStateWithAllowEmptyPrunesOwnedObjects() {
    Manifest live = owned(configMap("settings").withNamespace("shop"));
    SyncPlan plan = SyncPlanner.plan(request(List.of(), List.of(live))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).allowEmpty(true).build()).build());
    assertEquals(List.of(SyncAction.PRUNE), plan.tasks().stream().map(SyncTask::action).toList());
  }

  @Test
  void pruneSkipsResourcesWithoutOwnershipMark() {
    Manifest foreign = configMap("someone-elses").withNamespace("shop");
    Manifest mine = owned(configMap("old").withNamespace("shop"));
    SyncPlan plan = SyncPlanner.plan(request(List.of(configMap("settings")), List.of(foreign, mine))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(List.of("old", "settings"), plan.tasks().stream().map(t -> t.key().name()).toList());
    assertTrue(plan.tasks(foreign.key()).isEmpty());
  }

  @Test
  void pruneFalseAndPruneOffAreKeptWithAReason() {
    Manifest keep = owned(configMap("keep", "argocd.argoproj.io/sync-options", "Validate=false, Prune=false")
        .withNamespace("shop"));
    Manifest confirm = owned(configMap("confirm", "argocd.argoproj.io/sync-options", "Prune=confirm")
        .withNamespace("shop"));
    Manifest gone = owned(configMap("gone").withNamespace("shop"));
    SyncPlan on = SyncPlanner.plan(request(List.of(configMap("x")), List.of(keep, confirm, gone))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(SyncAction.PRUNE_SKIPPED, on.tasks(keep.key()).get(0).action());
    assertEquals("Prune=false", on.tasks(keep.key()).get(0).reason());
    assertEquals(SyncAction.PRUNE_SKIPPED, on.tasks(confirm.key()).get(0).action());
    assertEquals(SyncAction.PRUNE, on.tasks(gone.key()).get(0).action());

    SyncPlan off = SyncPlanner.plan(request(List.of(configMap("x")), List.of(gone))
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build());
    assertEquals(SyncAction.PRUNE_SKIPPED, off.tasks(gone.key()).get(0).action());
    assertTrue(off.render().contains("pruning is off"), off.render());
  }

  @Test
  void createUpdateUnchangedFollowTheDiffVerdict() {
    Manifest a = configMap("a");
    Manifest b = configMap("b");
    Manifest c = configMap("c");
    List<Manifest> live = List.of(a.withNamespace("shop"), b.withNamespace("shop"));
    SyncPlan plan = SyncPlanner.plan(request(List.of(a, b, c), live)
        .modified(k -> k.name().equals("b"))
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build());
    assertEquals(List.of(SyncAction.UNCHANGED, SyncAction.UPDATE, SyncAction.CREATE),
        plan.tasks().stream().map(SyncTask::action).toList());
    assertEquals(new ResourceKey("", "v1", "ConfigMap", "shop", "c"), plan.tasks().get(2).key());
    assertEquals("shop", plan.tasks().get(2).manifest().tree().path("metadata").path("namespace").asString());
  }

  @Test
  void clusterScopedKindsKeepNoNamespaceAndMatchTheirLiveObject() {
    Manifest role = Manifest.parse("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader, namespace: ignored}
        """);
    Manifest liveRole = owned(Manifest.parse("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        """));
    SyncPlan plan = SyncPlanner.plan(request(List.of(role), List.of(liveRole))
        .modified(k -> false)
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(1, plan.tasks().size(), plan.render());
    assertEquals(SyncAction.UNCHANGED, plan.tasks().get(0).action());
    assertEquals("", plan.tasks().get(0).key().namespace());
  }

  @Test
  void unknownScopeMatchesAClusterScopedLiveObjectInsteadOfPruningIt() {
    Manifest cr = Manifest.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    Manifest liveClusterScoped = owned(cr);
    SyncPlan plan = SyncPlanner.plan(request(List.of(cr), List.of(liveClusterScoped))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(1, plan.tasks().size(), plan.render());
    assertEquals(SyncAction.UPDATE, plan.tasks().get(0).action());
  }

  @Test
  void scopeLookupDecidesWhereAManifestGoes() {
    Manifest cr = Manifest.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    SyncPlan cluster = SyncPlanner.plan(request(List.of(cr), List.of())
        .scope(k -> ResourceScope.CLUSTER)
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build());
    assertEquals("", cluster.tasks().get(0).key().namespace());
    SyncPlan namespaced = SyncPlanner.plan(request(List.of(cr), List.of())
        .scope(k -> ResourceScope.NAMESPACED)
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build());
    assertEquals("shop", namespaced.tasks().get(0).key().namespace());
  }

  @Test
  void createNamespaceComesFirstAndRenders() {
    Manifest deployment = Manifest.parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
    SyncPlan plan = SyncPlanner.plan(request(List.of(deployment, configMap("settings")), List.of())
        .options(PlanOptions.builder().destinationNamespace("shop").createNamespace(true).build()).build());
    assertEquals(List.of("Namespace", "ConfigMap", "Deployment"),
        plan.tasks().stream().map(t -> t.key().kind()).toList());
    assertEquals(SyncTask.Role.CREATED_NAMESPACE, plan.tasks().get(0).role());
    assertEquals("""
        Plan: 3 to create, 0 to update, 0 to prune, 0 unchanged
        PreSync wave 0
          create    Namespace shop (CreateNamespace=true)
        Sync wave 0
          create    ConfigMap shop/settings
          create    apps/Deployment shop/web
        """, plan.render());
  }

  @Test
  void hooksRunInTheirPhasesAndAreNeverPruned() {
    Manifest migrate = Manifest.parse("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: migrate
          annotations: {argocd.argoproj.io/hook: "PreSync,PostSync"}
        """);
    Manifest skipped = configMap("skipped", "argocd.argoproj.io/hook", "Skip");
    Manifest oldHook = owned(Manifest.parse("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: old-hook
          namespace: shop
          annotations: {argocd.argoproj.io/hook: PostSync}
        """));
    SyncPlan plan = SyncPlanner.plan(request(List.of(migrate, skipped, configMap("settings")), List.of(oldHook))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(List.of("PreSync migrate", "Sync settings", "PostSync migrate"),
        plan.tasks().stream().map(t -> t.phase() + " " + t.key().name()).toList());
    assertTrue(plan.tasks().stream().filter(t -> t.key().name().equals("migrate")).allMatch(SyncTask::isHook));
  }

  @Test
  void prunesRunFirstInTheirWaveDependantsBeforeNamespace() {
    Manifest ns = owned(Manifest.parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: old}\n"));
    Manifest cm = owned(configMap("c").withNamespace("old"));
    SyncPlan plan = SyncPlanner.plan(request(List.of(configMap("keep")), List.of(ns, cm))
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build()).build());
    assertEquals(List.of("prune ConfigMap", "prune Namespace", "create ConfigMap"),
        plan.tasks().stream().map(t -> t.action().word() + " " + t.key().kind()).toList());
  }

  @Test
  void crdMovesBeforeItsCustomResources() {
    Manifest crd = Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com, annotations: {argocd.argoproj.io/sync-wave: "5"}}
        spec: {group: example.com, names: {kind: Widget}}
        """);
    Manifest widget = Manifest.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    SyncPlan plan = SyncPlanner.plan(request(List.of(widget, crd), List.of())
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build());
    assertEquals(List.of("CustomResourceDefinition", "Widget"), plan.tasks().stream().map(t -> t.key().kind()).toList());
    assertEquals(Set.of(0), Set.copyOf(plan.tasks().stream().map(SyncTask::wave).toList()));
  }

  @Test
  void optionsBuilderIsSetOnce() {
    PlanOptions.Builder b = PlanOptions.builder().prune(true);
    assertThrows(IllegalStateException.class, () -> b.prune(false));
    assertThrows(IllegalArgumentException.class,
        () -> PlanOptions.builder().createNamespace(true).build());
    assertThrows(IllegalArgumentException.class,
        () -> PlanOptions.builder().destinationNamespace("Not_Valid").build());
  }

  @Test
  void twoManifestsForTheSameObjectAfterNamespacingAreRejected() {
    Manifest implicit = configMap("settings");
    Manifest explicit = configMap("settings").withNamespace("shop");
    var e = assertThrows(dev.gitopsjava.core.model.InvalidManifestException.class, () -> SyncPlanner.plan(
        request(List.of(implicit, explicit), List.of())
            .options(PlanOptions.builder().destinationNamespace("shop").build()).build()));
    assertTrue(e.getMessage().contains("ConfigMap shop/settings"), e.getMessage());
  }

  @Test
  void aNamespacedManifestWithoutAnyNamespaceIsRejected() {
    var e = assertThrows(dev.gitopsjava.core.model.InvalidManifestException.class, () -> SyncPlanner.plan(
        request(List.of(configMap("settings")), List.of()).build()));
    assertTrue(e.getMessage().contains("no destination namespace"), e.getMessage());
    // A kind of unknown scope is left as it is: it may be cluster-scoped.
    Manifest cr = Manifest.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
    assertEquals("", SyncPlanner.plan(request(List.of(cr), List.of()).build()).tasks().get(0).key().namespace());
  }

  @Test
  void deletionHooksAreHooksWithoutASyncPhaseAndHideHelmTypes() {
    SyncHook hook = SyncHook.of(java.util.Map.of("argocd.argoproj.io/hook", "PostDelete", "helm.sh/hook", "pre-install"));
    assertTrue(hook.hook());
    assertEquals(List.of("PostDelete"), hook.types());
    assertEquals(List.of(), hook.phases());
  }

  @Test
  void aGenerateNameHookIsNamedPerPhaseFromTheCommitAndTheOperationStartAsArgoCdDoes() {
    Manifest migrate = Manifest.parse("""
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: Migrate-
          annotations: {argocd.argoproj.io/hook: "PreSync,PostSync"}
        """);
    assertEquals(java.util.Optional.of("Migrate-"), migrate.generateName());
    java.time.Instant start = java.time.Instant.ofEpochSecond(1_700_000_000L);
    Manifest liveRun = owned(migrate.withName("Migrate-" + "0123456-postsync-1700000000").withNamespace("shop"));
    SyncPlan plan = SyncPlanner.plan(PlanRequest.builder(
            DesiredState.of("0123456789abcdef", List.of(migrate)), LiveState.of(List.of(liveRun)))
        .owned(m -> m.label(MARK).isPresent())
        .options(PlanOptions.builder().destinationNamespace("shop").prune(true).build())
        .operationStart(start).build());
    // The prefix keeps its case; the generated part is lower-case, the revision cut to 7 characters.
    assertEquals(List.of(
            "PreSync create batch/Job shop/Migrate-0123456-presync-1700000000",
            "PostSync update batch/Job shop/Migrate-0123456-postsync-1700000000"),
        plan.tasks().stream().map(t -> t.phase() + " " + t.action().word() + " " + t.key()).toList());
    assertTrue(plan.tasks().stream().allMatch(SyncTask::isHook));
    assertEquals("migrate-abc-sync-0", SyncPlanner.generatedName("migrate-", "abc", SyncPhase.SYNC,
        java.time.Instant.EPOCH), "a commit shorter than 8 characters is used whole");
  }

  @Test
  void anUnnamedManifestThatIsNotAHookIsRefused() {
    Manifest unnamed = Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {generateName: settings-}
        """);
    GitOpsException e = assertThrows(GitOpsException.class, () -> SyncPlanner.plan(request(List.of(unnamed), List.of())
        .options(PlanOptions.builder().destinationNamespace("shop").build()).build()));
    assertTrue(e.getMessage().contains("only hooks"), e.getMessage());
  }

  @Test
  void hookDeletePoliciesCombineArgoAndHelmAndDefaultToBeforeHookCreation() {
    assertEquals(Set.of(HookDeletePolicy.BEFORE_HOOK_CREATION), HookDeletePolicy.of(configMap("a")));
    assertEquals(Set.of(HookDeletePolicy.BEFORE_HOOK_CREATION), HookDeletePolicy.of(
        configMap("b", HookDeletePolicy.ANNOTATION, "Unknown, ")));
    assertEquals(Set.of(HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.HOOK_FAILED), HookDeletePolicy.of(
        configMap("c", HookDeletePolicy.ANNOTATION, " HookSucceeded ,HookFailed")));
    assertEquals(Set.of(HookDeletePolicy.HOOK_SUCCEEDED, HookDeletePolicy.BEFORE_HOOK_CREATION), HookDeletePolicy.of(
        configMap("d", HookDeletePolicy.ANNOTATION, "HookSucceeded",
            HookDeletePolicy.HELM_ANNOTATION, "before-hook-creation,hook-crashed")));
  }
}
