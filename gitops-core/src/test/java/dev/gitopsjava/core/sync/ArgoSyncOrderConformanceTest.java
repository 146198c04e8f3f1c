package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs every case of {@code ../shared/conformance/argo-sync-order/cases.yaml} (Argo CD's sync
 * ordering assertions) against the planner. Fails when the folder is missing.
 */
class ArgoSyncOrderConformanceTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Map<String, String> SHORT_KEYS = Map.of(
      "sync-wave", "argocd.argoproj.io/sync-wave",
      "hook", "argocd.argoproj.io/hook",
      "sync-options", "argocd.argoproj.io/sync-options",
      "helm-hook", "helm.sh/hook",
      "helm-weight", "helm.sh/hook-weight");

  private static @Nullable JsonNode cached;

  private static synchronized JsonNode cases() throws Exception {
    if (cached == null) {
      Path file = Conformance.dir("argo-sync-order").resolve("cases.yaml");
      cached = YAML.readTree(Files.readString(file));
    }
    return cached;
  }

  @Test
  void everySectionIsKnownAndCountsMatchTheReadme() throws Exception {
    JsonNode c = cases();
    int total = c.get("kind_rank_cases").get("cases").size()
        + c.get("sort_cases").size()
        + c.get("multi_step_cases").get("cases").size()
        + c.get("wave_cases").size()
        + c.get("phase_cases").get("cases").size()
        + c.get("hook_cases").get("cases").size()
        + c.get("prune_wave_cases").get("cases").size()
        + c.get("prune_last_cases").get("cases").size()
        + c.get("auto_namespace_cases").get("cases").size()
        + c.get("run_cases").size();
    assertEquals(59, total, "cases.yaml changed: update this test's sections");
  }

  @Test
  void kindOrderTableMatchesOurs() throws Exception {
    for (JsonNode r : cases().get("kind_order").get("ranks")) {
      assertEquals(r.get("rank").asInt(), KindOrder.rank(r.get("kind").asString()), r.toString());
    }
  }

  @TestFactory
  Stream<DynamicTest> kindRankCases() throws Exception {
    return stream(cases().get("kind_rank_cases").get("cases"), c -> "rank " + c.get("kind").asString(),
        c -> assertEquals(c.get("expect").asInt(), KindOrder.rank(c.get("kind").asString())));
  }

  @TestFactory
  Stream<DynamicTest> sortCases() throws Exception {
    return stream(cases().get("sort_cases"), c -> c.get("name").asString(), c -> {
      Map<String, PlannedTask> byId = new LinkedHashMap<>();
      List<PlannedTask> tasks = new ArrayList<>();
      for (JsonNode in : c.get("input")) {
        PlannedTask t = plannedTask(in);
        byId.put(in.get("id").asString(), t);
        tasks.add(t);
      }
      String mode = c.get("mode").asString();
      if (mode.equals("comparator")) {
        tasks.sort(TaskOrder.COMPARATOR);
      } else {
        assertEquals("full", mode);
        TaskOrder.sort(tasks);
      }
      List<String> ids = new ArrayList<>();
      for (PlannedTask t : tasks) {
        ids.add(idOf(byId, t));
      }
      List<String> expected = new ArrayList<>();
      c.get("expect").get("order").forEach(n -> expected.add(n.asString()));
      assertEquals(expected, ids);
      JsonNode effective = c.get("expect").get("effective");
      if (effective != null) {
        for (Map.Entry<String, JsonNode> e : effective.properties()) {
          PlannedTask t = byId.get(e.getKey());
          assertEquals(e.getValue().get("phase").asString(), t.phase.annotationValue(), e.getKey() + " phase");
          assertEquals(e.getValue().get("wave").asInt(), t.wave, e.getKey() + " wave");
        }
      }
    });
  }

  @TestFactory
  Stream<DynamicTest> multiStepCases() throws Exception {
    return stream(cases().get("multi_step_cases").get("cases"), c -> c.get("name").asString(), c -> {
      List<SyncTask> tasks = new ArrayList<>();
      for (JsonNode in : c.get("input")) {
        // "pod with sync-wave N": a prune task whose wave is read from the live object.
        String description = in.get("live").asString();
        String wave = description.substring(description.lastIndexOf(' ') + 1);
        Manifest live = pod("my-pod", Map.of("argocd.argoproj.io/sync-wave", wave)).withNamespace("fake-argocd-ns");
        tasks.add(new SyncTask(live.key(), SyncAction.PRUNE, phase(in.get("phase").asString()),
            SyncWaveAnnotation.of(live), Optional.empty(), Optional.of(live), SyncTask.Role.RESOURCE, ""));
      }
      SyncPlan plan = new SyncPlan(tasks);
      JsonNode e = c.get("expect");
      SyncWave first = plan.waves().get(0);
      SyncWave last = plan.waves().get(plan.waves().size() - 1);
      assertEquals(e.get("first_phase").asString(), first.phase().annotationValue());
      assertEquals(e.get("first_wave").asInt(), first.wave());
      assertEquals(e.get("last_phase").asString(), last.phase().annotationValue());
      assertEquals(e.get("last_wave").asInt(), last.wave());
      assertEquals(e.get("multi_step").asBoolean(), plan.multiStep());
    });
  }

  @TestFactory
  Stream<DynamicTest> waveCases() throws Exception {
    return stream(cases().get("wave_cases"), c -> c.get("test").asString() + " " + c.get("annotations"),
        c -> assertEquals(c.get("expect").asInt(), SyncWaveAnnotation.of(pod("my-pod", annotations(c)))));
  }

  @TestFactory
  Stream<DynamicTest> phaseCases() throws Exception {
    return stream(cases().get("phase_cases").get("cases"), c -> c.get("test").asString() + " " + c.get("annotations"),
        c -> {
          List<String> expected = strings(c.get("expect").get("phases"));
          List<String> actual = SyncHook.of(pod("my-pod", annotations(c))).phases().stream()
              .map(SyncPhase::annotationValue).toList();
          assertSameItems(expected, actual, c.get("expect").path("any_order").asBoolean(false));
        });
  }

  @TestFactory
  Stream<DynamicTest> hookCases() throws Exception {
    return stream(cases().get("hook_cases").get("cases"), c -> c.get("test").asString() + " " + c.get("annotations"),
        c -> {
          Manifest object = c.path("object").asString("").startsWith("CRD")
              ? crd(annotations(c))
              : pod("my-pod", annotations(c));
          SyncHook hook = SyncHook.of(object);
          JsonNode e = c.get("expect");
          if (e.has("is_hook")) {
            assertEquals(e.get("is_hook").asBoolean(), hook.hook(), "is_hook");
          }
          if (e.has("skip")) {
            assertEquals(e.get("skip").asBoolean(), hook.skip(), "skip");
          }
          if (e.has("types")) {
            assertSameItems(strings(e.get("types")), hook.types(), e.path("any_order").asBoolean(false));
          }
        });
  }

  @Test
  void helmHookTypeMapping() throws Exception {
    JsonNode mapping = cases().get("hook_cases").get("helm_type_mapping");
    for (String helm : List.of("pre-install", "pre-upgrade", "post-upgrade", "post-install")) {
      SyncHook hook = SyncHook.of(pod("p", Map.of("helm.sh/hook", helm)));
      assertEquals(List.of(mapping.get(helm).asString()), hook.types(), helm);
      assertTrue(hook.hook(), helm);
    }
    for (JsonNode notHook : mapping.get("not_hook_types")) {
      SyncHook hook = SyncHook.of(pod("p", Map.of("helm.sh/hook", notHook.asString())));
      assertEquals(List.of(), hook.types(), notHook.asString());
      if (notHook.asString().equals("crd-install")) {
        // Not a hook at all: the CRD is an ordinary resource.
        assertFalse(hook.hook());
        assertEquals(List.of(SyncPhase.SYNC), hook.phases());
      } else {
        // A Helm hook Argo CD does not run: a hook with no phase, so never applied.
        assertTrue(hook.hook(), notHook.asString());
        assertEquals(List.of(), hook.phases(), notHook.asString());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> pruneWaveCases() throws Exception {
    return stream(cases().get("prune_wave_cases").get("cases"), c -> c.get("name").asString(), c -> {
      SyncPlan plan = planFor(c, options(c, false));
      Map<String, Integer> waves = new LinkedHashMap<>();
      for (SyncTask t : plan.tasks()) {
        waves.put(t.key().name(), t.wave());
      }
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : c.get("expect").get("waves").properties()) {
        expected.put(e.getKey(), e.getValue().asInt());
      }
      assertEquals(expected.keySet(), waves.keySet());
      assertEquals(expected, new LinkedHashMap<>(expectedOrder(expected, waves)));
    });
  }

  @TestFactory
  Stream<DynamicTest> pruneLastCases() throws Exception {
    return stream(cases().get("prune_last_cases").get("cases"), c -> c.get("name").asString(), c -> {
      SyncPlan plan = planFor(c, options(c, false));
      assertEquals(c.get("expect").get("task_count").asInt(), plan.tasks().size());
      assertEquals(c.get("expect").get("last_wave").asInt(), plan.tasks().get(plan.tasks().size() - 1).wave());
    });
  }

  @TestFactory
  Stream<DynamicTest> autoNamespaceCases() throws Exception {
    return stream(cases().get("auto_namespace_cases").get("cases"), c -> c.get("name").asString(), c -> {
      String desiredWhat = c.get("desired").get(0).asString();
      Manifest desired = desiredWhat.startsWith("namespace")
          ? namespace("fake-argocd-ns", Map.of())
          : pod("my-pod", Map.of());
      boolean autoCreate = !c.get("name").asString().equals("auto-creation-off");
      PlanOptions.Builder options = PlanOptions.builder().destinationNamespace("fake-argocd-ns");
      if (autoCreate) {
        options.createNamespace(true);
      }
      // "prior_result_for_namespace_task": the namespace was created by an earlier step, so it is live.
      List<Manifest> live = c.has("prior_result_for_namespace_task")
          ? List.of(namespace("fake-argocd-ns", Map.of()))
          : List.of();
      SyncPlan plan = SyncPlanner.plan(PlanRequest.builder(DesiredState.of("", List.of(desired)), LiveState.of(live))
          .options(options.build()).build());
      JsonNode e = c.get("expect");
      assertEquals(e.get("task_count").asInt(), plan.tasks().size(), plan.render());
      List<SyncTask> auto = plan.tasks().stream().filter(t -> t.role() == SyncTask.Role.CREATED_NAMESPACE).toList();
      assertEquals(e.get("has_auto_namespace_task").asBoolean(), !auto.isEmpty(), plan.render());
      for (SyncTask t : auto) {
        assertEquals(SyncPhase.PRE_SYNC, t.phase());
        assertEquals(new ResourceKey("", "v1", "Namespace", "", "fake-argocd-ns"), t.key());
        assertEquals(t, plan.tasks().get(0), "the namespace comes first");
      }
    });
  }

  /**
   * The run cases step a sync against a cluster; the stepping is the executor's. Here we check
   * the plan those steps walk through: the order of results and the waves the callbacks report.
   */
  @TestFactory
  Stream<DynamicTest> runCasesPlanPart() throws Exception {
    return stream(cases().get("run_cases"), c -> c.get("name").asString(), c -> {
      boolean prune = c.get("options").get("prune").asBoolean();
      List<Map.Entry<JsonNode, Boolean>> resources = new ArrayList<>();
      List<Manifest> desired = new ArrayList<>();
      List<Manifest> live = new ArrayList<>();
      for (JsonNode r : c.get("resources")) {
        Manifest m = resource(r);
        if (yes(r.get("desired"))) {
          desired.add(m);
        }
        if (yes(r.get("live"))) {
          live.add(m.withNamespace("fake-argocd-ns"));
        }
      }
      for (JsonNode h : c.path("hooks")) {
        desired.add(pod(h.get("name").asString(), Map.of("argocd.argoproj.io/hook", h.get("hook").asString())));
      }
      SyncPlan plan = SyncPlanner.plan(PlanRequest.builder(DesiredState.of("", desired), LiveState.of(live))
          .owned(m -> true)
          .options(PlanOptions.builder().destinationNamespace("fake-argocd-ns").prune(prune).allowEmpty(true).build())
          .build());
      switch (c.get("name").asString()) {
        case "prune-highest-wave-first-and-wait-for-deletion" -> {
          JsonNode lastStep = c.get("steps").get(c.get("steps").size() - 1);
          List<String> expected = new ArrayList<>();
          lastStep.get("expect").get("results").forEach(n -> expected.add(n.asString().split(" ")[0]));
          assertEquals(expected, plan.tasks().stream().map(t -> t.key().name()).toList());
          assertTrue(plan.tasks().stream().allMatch(t -> t.action() == SyncAction.PRUNE));
          assertEquals(3, plan.waves().size(), "one wave per pod, so each deletion is awaited");
        }
        case "wave-callback-sequence" -> {
          List<String> expected = new ArrayList<>();
          for (JsonNode step : c.get("steps")) {
            JsonNode cb = step.get("expect").get("wave_callback");
            if (cb.isObject()) {
              expected.add(cb.get("phase").asString() + "/" + cb.get("wave").asInt());
            }
          }
          assertEquals(expected, plan.waves().stream().map(w -> w.phase().annotationValue() + "/" + w.wave()).toList());
        }
        case "wait-for-health-between-waves" -> {
          assertTrue(plan.multiStep());
          assertEquals(List.of("my-service"), plan.waves().get(0).tasks().stream().map(t -> t.key().name()).toList());
          assertEquals(c.get("steps").get(1).get("expect").get("result_count").asInt(), plan.tasks().size());
        }
        default -> throw new AssertionError("unknown run case " + c.get("name"));
      }
    });
  }

  // ---- helpers ----

  private static Map<String, Integer> expectedOrder(Map<String, Integer> expected, Map<String, Integer> actual) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String k : expected.keySet()) {
      out.put(k, actual.get(k));
    }
    return out;
  }

  private static PlanOptions options(JsonNode c, boolean prune) {
    return PlanOptions.builder()
        .destinationNamespace("fake-argocd-ns")
        .pruneLast(c.path("options").path("prune_last").asBoolean(false))
        .prune(prune)
        // Argo CD's sync tests have no empty-app guard (that is the controller's): allow it here.
        .allowEmpty(true)
        .build();
  }

  private static SyncPlan planFor(JsonNode c, PlanOptions options) {
    List<Manifest> desired = new ArrayList<>();
    List<Manifest> live = new ArrayList<>();
    for (JsonNode r : c.get("resources")) {
      Manifest m = resource(r);
      if (yes(r.get("desired"))) {
        desired.add(m);
      }
      if (yes(r.get("live"))) {
        live.add(m.key().kind().equals("Namespace") ? m : m.withNamespace("fake-argocd-ns"));
      }
    }
    return SyncPlanner.plan(PlanRequest.builder(DesiredState.of("", desired), LiveState.of(live))
        .owned(m -> true).options(options).build());
  }

  private static Manifest resource(JsonNode r) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (String shortKey : List.of("sync-wave", "sync-options")) {
      if (r.has(shortKey)) {
        annotations.put(SHORT_KEYS.get(shortKey), r.get(shortKey).asString());
      }
    }
    String name = r.get("name").asString();
    if (r.path("kind").asString("").equals("Namespace")) {
      return namespace(name, annotations);
    }
    if (r.path("object").asString("").equals("service")) {
      return withAnnotations(base("service"), name, annotations);
    }
    return pod(name, annotations);
  }

  private static boolean yes(JsonNode n) {
    return n.isBoolean() ? n.booleanValue() : n.asString().equals("yes");
  }

  private static PlannedTask plannedTask(JsonNode in) {
    JsonNode target = in.get("target");
    JsonNode metadata = target.path("metadata");
    ResourceKey key = ResourceKey.of(target.path("apiVersion").asString(""), target.path("kind").asString(""),
        metadata.path("namespace").asString(""), metadata.path("name").asString(""));
    Map<String, String> annotations = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : metadata.path("annotations").properties()) {
      annotations.put(SHORT_KEYS.getOrDefault(e.getKey(), e.getKey()), e.getValue().asString());
    }
    return new PlannedTask(key, phase(in.get("phase").asString()), SyncWaveAnnotation.of(annotations), false,
        PlannedTask.crdDefinedKind(key, target));
  }

  private static String idOf(Map<String, PlannedTask> byId, PlannedTask t) {
    return byId.entrySet().stream().filter(e -> e.getValue() == t).map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  private static SyncPhase phase(String name) {
    return SyncPhase.fromAnnotationValue(name).orElseThrow(() -> new AssertionError("unknown phase " + name));
  }

  private static Map<String, String> annotations(JsonNode c) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : c.path("annotations").properties()) {
      out.put(SHORT_KEYS.getOrDefault(e.getKey(), e.getKey()), e.getValue().asString());
    }
    return out;
  }

  private static ObjectNode base(String name) {
    try {
      return (ObjectNode) cases().get("base_objects").get(name).deepCopy();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Manifest pod(String name, Map<String, String> annotations) {
    return withAnnotations(base("pod"), name, annotations);
  }

  private static Manifest namespace(String name, Map<String, String> annotations) {
    return withAnnotations(base("namespace"), name, annotations);
  }

  private static Manifest crd(Map<String, String> annotations) {
    ObjectNode doc = Manifest.newDocument();
    doc.put("apiVersion", "apiextensions.k8s.io/v1");
    doc.put("kind", "CustomResourceDefinition");
    doc.putObject("metadata");
    return withAnnotations(doc, "workflows.argoproj.io", annotations);
  }

  private static Manifest withAnnotations(ObjectNode doc, String name, Map<String, String> annotations) {
    ObjectNode metadata = (ObjectNode) doc.get("metadata");
    metadata.put("name", name);
    if (!annotations.isEmpty()) {
      ObjectNode a = metadata.putObject("annotations");
      annotations.forEach(a::put);
    }
    return Manifest.of(doc, ManifestOrigin.inline());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }

  private static void assertSameItems(List<String> expected, List<String> actual, boolean anyOrder) {
    if (anyOrder) {
      assertEquals(new HashSet<>(expected), new HashSet<>(actual));
      assertEquals(expected.size(), actual.size());
    } else {
      assertEquals(expected, actual);
    }
  }

  private interface CaseBody {
    void run(JsonNode c) throws Exception;
  }

  private static Stream<DynamicTest> stream(JsonNode cases, java.util.function.Function<JsonNode, String> name,
      CaseBody body) {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(name.apply(c), () -> body.run(c)));
    }
    assertFalse(tests.isEmpty(), "no cases in section");
    return tests.stream();
  }
}
