package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.databind.node.ObjectNode;

/** Properties of the planner over generated desired/live states. */
class SyncPlannerProperties {
  private static final String MARK = "gitops-java.dev/owned-by";
  private static final String DESTINATION = "app";
  private static final List<String> KINDS = List.of("Namespace", "ConfigMap", "Deployment", "Service", "Job",
      "CustomResourceDefinition", "Widget");
  private static final List<String> HOOKS = List.of("", "", "PreSync", "PostSync,Sync", "Skip");
  private static final List<String> OPTIONS = List.of("", "Prune=false", "PruneLast=true", "");

  /** One generated resource; every field is a small index so shrinking goes towards simple cases. */
  record Spec(int kind, int name, int namespace, int wave, int hook, int options, boolean desired, boolean live,
      boolean owned, boolean modified) {
    static Spec of(List<Integer> f) {
      return new Spec(f.get(0) % KINDS.size(), f.get(1) % 4, f.get(2) % 3, f.get(3) - 2, f.get(4) % HOOKS.size(),
          f.get(5) % OPTIONS.size(), f.get(6) % 2 == 0, f.get(7) % 2 == 0 || f.get(6) % 2 != 0, f.get(8) % 2 == 0,
          f.get(9) % 2 == 0);
    }

    String kindName() {
      return KINDS.get(kind);
    }

    Manifest manifest() {
      String k = kindName();
      String apiVersion = switch (k) {
        case "Deployment" -> "apps/v1";
        case "Job" -> "batch/v1";
        case "CustomResourceDefinition" -> "apiextensions.k8s.io/v1";
        case "Widget" -> "example.com/v1";
        default -> "v1";
      };
      ObjectNode doc = Manifest.newDocument();
      doc.put("apiVersion", apiVersion);
      doc.put("kind", k);
      ObjectNode metadata = doc.putObject("metadata");
      metadata.put("name", "n" + name);
      String ns = List.of("", DESTINATION, "other").get(namespace);
      if (!ns.isEmpty() && !clusterScoped()) {
        metadata.put("namespace", ns);
      }
      ObjectNode annotations = metadata.putObject("annotations");
      annotations.put("argocd.argoproj.io/sync-wave", Integer.toString(wave));
      if (!HOOKS.get(hook).isEmpty()) {
        annotations.put("argocd.argoproj.io/hook", HOOKS.get(hook));
      }
      if (!OPTIONS.get(options).isEmpty()) {
        annotations.put("argocd.argoproj.io/sync-options", OPTIONS.get(options));
      }
      if (k.equals("CustomResourceDefinition")) {
        ObjectNode spec = doc.putObject("spec");
        spec.put("group", "example.com");
        spec.putObject("names").put("kind", "Widget");
      }
      return Manifest.of(doc, ManifestOrigin.inline());
    }

    boolean clusterScoped() {
      return kindName().equals("Namespace") || kindName().equals("CustomResourceDefinition");
    }

    /** The key the planner resolves the manifest to. */
    ResourceKey resolvedKey() {
      ResourceKey key = manifest().key();
      return key.namespace().isEmpty() && !clusterScoped() ? key.withNamespace(DESTINATION) : key;
    }

    Manifest liveObject() {
      Manifest m = manifest();
      if (m.key().namespace().isEmpty() && !clusterScoped()) {
        m = m.withNamespace(DESTINATION);
      }
      return owned ? m.withLabel(MARK, "shop") : m;
    }
  }

  record Scenario(List<Manifest> desired, List<Manifest> live, Set<ResourceKey> modified, PlanOptions options) {
    PlanRequest request(List<Manifest> desiredOrder, List<Manifest> liveOrder) {
      return PlanRequest.builder(DesiredState.of("c0ffee", desiredOrder), LiveState.of(liveOrder))
          .modified(modified::contains)
          .owned(OWNED)
          .options(options)
          .build();
    }

    SyncPlan plan() {
      return SyncPlanner.plan(request(desired, live));
    }
  }

  static final Predicate<Manifest> OWNED = m -> m.label(MARK).isPresent();

  static Gen<Scenario> scenarios() {
    Gen<Spec> spec = lists().of(integers().between(0, 11)).ofSize(10).map(Spec::of);
    Gen<List<Boolean>> flags = lists().of(booleans().all()).ofSize(3);
    return lists().of(spec).ofSizeBetween(0, 14).zip(flags, (specs, f) -> {
      // Keyed by the resolved key: "n0" without a namespace and "n0" in the destination are the same object.
      Map<ResourceKey, Manifest> desired = new LinkedHashMap<>();
      Map<ResourceKey, Manifest> live = new LinkedHashMap<>();
      List<ResourceKey> modified = new ArrayList<>();
      for (Spec s : specs) {
        Manifest m = s.manifest();
        if (s.desired()) {
          desired.putIfAbsent(s.resolvedKey(), m);
        }
        if (s.live()) {
          Manifest l = s.liveObject();
          live.putIfAbsent(l.key(), l);
          if (s.modified()) {
            modified.add(l.key());
          }
        }
      }
      PlanOptions options = PlanOptions.builder()
          .destinationNamespace(DESTINATION)
          .prune(f.get(0))
          .pruneLast(f.get(1))
          .createNamespace(f.get(2))
          .allowEmpty(true)
          .build();
      return new Scenario(List.copyOf(desired.values()), List.copyOf(live.values()), Set.copyOf(modified), options);
    });
  }

  @Test
  void anyInputOrderGivesTheSamePlan() {
    qt().withExamples(200).forAll(scenarios(), longs().all()).checkAssert((s, seed) -> {
      List<Manifest> desired = new ArrayList<>(s.desired());
      List<Manifest> live = new ArrayList<>(s.live());
      Collections.shuffle(desired, new Random(seed));
      Collections.shuffle(live, new Random(~seed));
      assertEquals(s.plan(), SyncPlanner.plan(s.request(desired, live)));
    });
  }

  @Test
  void neverPrunesOrTouchesAnUnownedObjectThatIsNotDesired() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      SyncPlan plan = s.plan();
      for (SyncTask t : plan.tasks()) {
        if (t.isPrune()) {
          assertTrue(OWNED.test(t.live().orElseThrow()), () -> "pruned unowned " + t);
        }
      }
      Set<String> desiredNames = new java.util.HashSet<>();
      s.desired().forEach(m -> desiredNames.add(m.key().groupKind() + " " + m.key().name()));
      for (Manifest l : s.live()) {
        if (!OWNED.test(l) && !desiredNames.contains(l.key().groupKind() + " " + l.key().name())) {
          assertTrue(plan.tasks(l.key()).stream().noneMatch(t -> t.live().map(l::equals).orElse(false)),
              () -> "touched unowned " + l.key());
        }
      }
      if (!s.options().prune()) {
        assertTrue(plan.tasks(SyncAction.PRUNE).isEmpty(), "prune is off");
      }
    });
  }

  @Test
  void tasksAreOrderedByPhaseThenWaveWithPrunesFirstInEachWave() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      List<SyncTask> tasks = s.plan().tasks();
      for (int i = 1; i < tasks.size(); i++) {
        SyncTask a = tasks.get(i - 1);
        SyncTask b = tasks.get(i);
        int byPhase = a.phase().compareTo(b.phase());
        assertTrue(byPhase < 0 || (byPhase == 0 && a.wave() <= b.wave()), () -> a + " before " + b);
        if (byPhase == 0 && a.wave() == b.wave()) {
          assertTrue(a.isPrune() || !b.isPrune(), () -> "prune " + b + " after " + a);
        }
      }
    });
  }

  @Test
  void withPruneLastEveryPruneComesAfterEveryOtherSyncTask() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      if (!s.options().pruneLast()) {
        return;
      }
      List<SyncTask> tasks = s.plan().tasks();
      int lastOther = -1;
      int firstPrune = Integer.MAX_VALUE;
      for (int i = 0; i < tasks.size(); i++) {
        SyncTask t = tasks.get(i);
        if (t.phase() == SyncPhase.SYNC) {
          if (t.isPrune()) {
            firstPrune = Math.min(firstPrune, i);
          } else {
            lastOther = i;
          }
        }
      }
      assertTrue(lastOther < firstPrune, tasks::toString);
    });
  }

  @Test
  void prunesRunInReverseWaveOrder() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      List<SyncTask> tasks = s.plan().tasks();
      for (int i = 0; i < tasks.size(); i++) {
        for (int j = i + 1; j < tasks.size(); j++) {
          SyncTask early = tasks.get(i);
          SyncTask late = tasks.get(j);
          if (early.isPrune() && late.isPrune() && !pruneLast(s, early) && !pruneLast(s, late)) {
            int earlyWave = SyncWaveAnnotation.of(early.live().orElseThrow());
            int lateWave = SyncWaveAnnotation.of(late.live().orElseThrow());
            assertTrue(earlyWave >= lateWave, () -> early + " pruned before " + late);
          }
        }
      }
    });
  }

  @Test
  void aNamespaceIsCreatedBeforeAnythingInIt() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      List<SyncTask> tasks = s.plan().tasks();
      for (int i = 0; i < tasks.size(); i++) {
        SyncTask ns = tasks.get(i);
        if (ns.isPrune() || !ns.key().groupKind().equals("/Namespace")) {
          continue;
        }
        for (int j = 0; j < i; j++) {
          SyncTask before = tasks.get(j);
          assertTrue(before.isPrune() || !before.key().namespace().equals(ns.key().name()),
              () -> before + " before its namespace " + ns);
        }
      }
    });
  }

  @Test
  void everyDesiredResourceGetsItsTasks() {
    qt().withExamples(200).forAll(scenarios()).checkAssert(s -> {
      SyncPlan plan = s.plan();
      for (Manifest m : s.desired()) {
        SyncHook hook = SyncHook.of(m);
        ResourceKey resolved = m.key().namespace().isEmpty() && !m.key().kind().equals("Namespace")
            && !m.key().kind().equals("CustomResourceDefinition") ? m.key().withNamespace(DESTINATION) : m.key();
        long count = plan.tasks().stream().filter(t -> !t.isPrune() && t.key().equals(resolved)
            && t.role() != SyncTask.Role.CREATED_NAMESPACE).count();
        assertEquals(hook.phases().size(), count, () -> m.key() + " in " + plan);
      }
    });
  }

  @Test
  void emptyDesiredStateIsRefusedUnlessAllowed() {
    qt().withExamples(100).forAll(scenarios()).checkAssert(s -> {
      PlanOptions strict = PlanOptions.builder().destinationNamespace(DESTINATION).prune(s.options().prune()).build();
      PlanRequest request = PlanRequest.builder(DesiredState.of("c0ffee", List.of()), LiveState.of(s.live()))
          .owned(OWNED).options(strict).build();
      EmptyDesiredStateException e = assertThrows(EmptyDesiredStateException.class, () -> SyncPlanner.plan(request));
      assertEquals(s.live().stream().filter(OWNED).count(), e.ownedLiveResources());
    });
  }

  private static boolean pruneLast(Scenario s, SyncTask t) {
    return s.options().pruneLast() || ResourceSyncOptions.of(t.live().orElseThrow()).has(ResourceSyncOptions.PRUNE_LAST);
  }
}
