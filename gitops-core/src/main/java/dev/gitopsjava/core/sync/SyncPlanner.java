package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.InvalidManifestException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plans a sync: a pure function from a {@link PlanRequest} to a {@link SyncPlan}, with no I/O.
 *
 * <pre>{@code
 * SyncPlan plan = SyncPlanner.plan(PlanRequest.builder(desired, live)
 *     .modified(key -> verdicts.get(key))
 *     .owned(tracking::owns)
 *     .options(PlanOptions.builder().destinationNamespace("shop").createNamespace(true).prune(true).build())
 *     .build());
 * System.out.print(plan.render());
 * }</pre>
 *
 * <p>The rules, after Argo CD (gitops-engine {@code pkg/sync}):
 * <ul>
 *   <li>Each desired resource that is not a hook is one Sync-phase task: create (not live), update
 *       (live and modified) or unchanged. Manifests without a namespace get the destination
 *       namespace unless their kind is cluster-scoped.</li>
 *   <li>Hooks ({@code argocd.argoproj.io/hook}, or Helm's hook annotation) get one task per phase
 *       they name; {@code Skip} leaves a resource out; live hooks are never pruned. A hook with
 *       {@code metadata.generateName} and no name is named per phase from the commit and
 *       {@link PlanRequest#operationStart()} (see {@link #generatedName}); any other unnamed
 *       manifest throws {@link InvalidManifestException}.</li>
 *   <li>A live object that is not desired becomes a prune task only if it is {@code owned}. It is
 *       {@link SyncAction#PRUNE_SKIPPED} when pruning is off or it says {@code Prune=false} or
 *       {@code Prune=confirm}.</li>
 *   <li>Prune waves are mirrored (lowest with highest, ...); with PruneLast (option, or
 *       {@code PruneLast=true} on the object) a prune goes to the last Sync wave + 1.</li>
 *   <li>With CreateNamespace, a PreSync task creates the destination namespace unless the desired
 *       state holds it.</li>
 *   <li>Order: phase, wave, kind, name; each Namespace and CRD then moves before the first task that
 *       needs it, taking its phase and wave; within a wave prunes come first, in reverse order.</li>
 *   <li>An empty desired state without {@code allowEmpty} throws
 *       {@link EmptyDesiredStateException}: nothing gets planned, so nothing gets pruned.</li>
 *   <li>A namespaced manifest without a namespace when the application has no destination
 *       namespace throws {@link InvalidManifestException}.</li>
 *   <li>Two manifests that become the same resource once the destination namespace is applied
 *       (one without a namespace, one naming the destination) throw
 *       {@link InvalidManifestException} naming both.</li>
 * </ul>
 */
public final class SyncPlanner {
  private SyncPlanner() {}

  /**
   * Plans the sync.
   *
   * @throws EmptyDesiredStateException if the desired state is empty and the options do not allow it
   */
  public static SyncPlan plan(PlanRequest request) {
    PlanOptions options = request.options();
    String destination = options.destinationNamespace();

    List<Manifest> ownedLive = new ArrayList<>();
    for (Manifest live : request.live().all()) {
      if (request.owned().test(live)) {
        ownedLive.add(live);
      }
    }
    if (request.desired().isEmpty() && !options.allowEmpty()) {
      throw new EmptyDesiredStateException(ownedLive.size());
    }

    Map<ResourceKey, Manifest> liveByKey = new HashMap<>();
    for (Manifest live : request.live().all()) {
      liveByKey.put(live.key(), live);
    }
    Set<ResourceKey> matchedLive = new HashSet<>();
    List<PlannedTask> tasks = new ArrayList<>();
    boolean destinationInGit = false;

    Map<ResourceKey, Manifest> placedByKey = new HashMap<>();
    for (Manifest original : request.desired().all()) {
      ResourceScope scope = request.scope().apply(original.key());
      Manifest desired = placed(original, scope, destination);
      ResourceKey key = desired.key();
      Manifest clash = placedByKey.putIfAbsent(key, desired);
      if (clash != null) {
        throw new InvalidManifestException(original.origin().file(), original.origin().documentIndex(), 0,
            "duplicate resource " + key + " once the destination namespace is applied, also defined in "
                + clash.origin());
      }
      Manifest live = liveByKey.get(key);
      if (live == null && scope == ResourceScope.UNKNOWN && !key.namespace().isEmpty()) {
        // Scope unknown: the object may be cluster-scoped; match it rather than risk pruning it.
        live = liveByKey.get(key.withNamespace(""));
      }
      if (live != null) {
        matchedLive.add(live.key());
      }
      if (key.group().isEmpty() && key.kind().equals("Namespace") && key.name().equals(destination)) {
        destinationInGit = true;
      }
      SyncHook hook = SyncHook.of(desired);
      if (desired.generateName().isPresent() && !hook.skip()) {
        if (!hook.hook()) {
          throw new InvalidManifestException(original.origin().file(), original.origin().documentIndex(), 0,
              key.kind() + " with metadata.generateName '" + desired.generateName().get() + "' has no metadata.name; "
                  + "only hooks (" + SyncHook.ANNOTATION + ") may leave naming to the sync");
        }
        for (SyncPhase phase : hook.phases()) {
          Manifest named = desired.withName(
              generatedName(desired.generateName().get(), request.desired().commit(), phase, request.operationStart()));
          Manifest namedLive = liveByKey.get(named.key());
          if (namedLive != null) {
            matchedLive.add(namedLive.key());
          }
          tasks.add(PlannedTask.forDesired(named, namedLive, phase,
              namedLive == null ? SyncAction.CREATE : SyncAction.UPDATE, SyncTask.Role.HOOK));
        }
      } else if (hook.hook()) {
        SyncAction action = live == null ? SyncAction.CREATE : SyncAction.UPDATE;
        for (SyncPhase phase : hook.phases()) {
          tasks.add(PlannedTask.forDesired(desired, live, phase, action, SyncTask.Role.HOOK));
        }
      } else if (!hook.skip()) {
        SyncAction action = live == null ? SyncAction.CREATE
            : request.modified().test(key) ? SyncAction.UPDATE : SyncAction.UNCHANGED;
        tasks.add(PlannedTask.forDesired(desired, live, SyncPhase.SYNC, action, SyncTask.Role.RESOURCE));
      }
    }

    for (Manifest live : ownedLive) {
      if (matchedLive.contains(live.key()) || SyncHook.of(live).hook()) {
        continue;
      }
      ResourceSyncOptions resourceOptions = ResourceSyncOptions.of(live);
      SyncAction action;
      String reason;
      if (!options.prune()) {
        action = SyncAction.PRUNE_SKIPPED;
        reason = "pruning is off for the application";
      } else if (resourceOptions.has(ResourceSyncOptions.PRUNE_FALSE)) {
        action = SyncAction.PRUNE_SKIPPED;
        reason = ResourceSyncOptions.PRUNE_FALSE;
      } else if (resourceOptions.has(ResourceSyncOptions.PRUNE_CONFIRM)) {
        action = SyncAction.PRUNE_SKIPPED;
        reason = ResourceSyncOptions.PRUNE_CONFIRM + ": needs confirmation";
      } else {
        action = SyncAction.PRUNE;
        reason = "";
      }
      tasks.add(PlannedTask.forPrune(live, action, reason));
    }

    if (options.createNamespace() && !destinationInGit) {
      Manifest namespace = namespaceManifest(destination);
      Manifest live = liveByKey.get(namespace.key());
      PlannedTask t = PlannedTask.forDesired(namespace, live, SyncPhase.PRE_SYNC,
          live == null ? SyncAction.CREATE : SyncAction.UNCHANGED, SyncTask.Role.CREATED_NAMESPACE);
      t.reason = "CreateNamespace=true";
      tasks.add(t);
    }

    mirrorPruneWaves(tasks);
    applyPruneLast(tasks, options.pruneLast());
    TaskOrder.sort(tasks);
    return new SyncPlan(prunesFirstInEachWave(tasks));
  }

  /**
   * Argo CD's name for a {@code generateName} hook in one phase: the prefix, then lower-case
   * {@code <first 7 characters of the commit>-<phase>-<start, unix seconds>} (gitops-engine
   * {@code getSyncTasks}), so each sync operation creates a new object and a hook in two phases is
   * two objects.
   */
  static String generatedName(String generateName, String commit, SyncPhase phase, java.time.Instant start) {
    String revision = commit.length() >= 8 ? commit.substring(0, 7) : commit;
    return generateName + (revision + "-" + phase.annotationValue() + "-" + start.getEpochSecond())
        .toLowerCase(java.util.Locale.ROOT);
  }

  /** Gives a namespaced (or unknown-scope) manifest the destination namespace; strips it from cluster-scoped ones. */
  private static Manifest placed(Manifest m, ResourceScope scope, String destination) {
    String namespace = m.key().namespace();
    if (scope == ResourceScope.CLUSTER) {
      if (namespace.isEmpty()) {
        return m;
      }
      ObjectNode copy = m.mutableCopy();
      JsonNode metadata = copy.get("metadata");
      if (metadata instanceof ObjectNode o) {
        o.remove("namespace");
      }
      return m.withTree(copy);
    }
    if (namespace.isEmpty() && !destination.isEmpty()) {
      return m.withNamespace(destination);
    }
    if (namespace.isEmpty() && scope == ResourceScope.NAMESPACED) {
      throw new InvalidManifestException(m.origin().file(), m.origin().documentIndex(), 0,
          m.key() + " is namespaced but has no metadata.namespace and the application has no destination namespace");
    }
    return m;
  }

  private static Manifest namespaceManifest(String name) {
    ObjectNode doc = Manifest.newDocument();
    doc.put("apiVersion", "v1");
    doc.put("kind", "Namespace");
    doc.putObject("metadata").put("name", name);
    return Manifest.of(doc, new ManifestOrigin("<CreateNamespace>", 0));
  }

  /** Swaps prune waves lowest with highest, second lowest with second highest, and so on. */
  static void mirrorPruneWaves(List<PlannedTask> tasks) {
    TreeSet<Integer> waves = new TreeSet<>();
    for (PlannedTask t : tasks) {
      if (t.prune) {
        waves.add(t.wave);
      }
    }
    List<Integer> sorted = new ArrayList<>(waves);
    Map<Integer, Integer> mirror = new HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      mirror.put(sorted.get(i), sorted.get(sorted.size() - 1 - i));
    }
    for (PlannedTask t : tasks) {
      if (t.prune) {
        t.wave = mirror.get(t.wave);
      }
    }
  }

  /** Moves PruneLast prunes to the wave after the last Sync-phase wave (never below 1). */
  static void applyPruneLast(List<PlannedTask> tasks, boolean pruneLastForAll) {
    int last = 0;
    for (PlannedTask t : tasks) {
      if (t.phase == SyncPhase.SYNC) {
        last = Math.max(last, t.wave);
      }
    }
    int after = last == Integer.MAX_VALUE ? last : last + 1;
    for (PlannedTask t : tasks) {
      if (t.prune && (pruneLastForAll
          || (t.live != null && ResourceSyncOptions.of(t.live).has(ResourceSyncOptions.PRUNE_LAST)))) {
        t.wave = after;
      }
    }
  }

  /**
   * Within each (phase, wave), prunes first and in reverse order (dependants before what they
   * depend on, e.g. a Deployment before its Namespace), then the other tasks in order.
   */
  private static List<SyncTask> prunesFirstInEachWave(List<PlannedTask> sorted) {
    List<SyncTask> out = new ArrayList<>(sorted.size());
    int start = 0;
    while (start < sorted.size()) {
      int end = start;
      PlannedTask head = sorted.get(start);
      while (end < sorted.size() && sorted.get(end).phase == head.phase && sorted.get(end).wave == head.wave) {
        end++;
      }
      List<PlannedTask> group = sorted.subList(start, end);
      for (int i = group.size() - 1; i >= 0; i--) {
        if (group.get(i).prune) {
          out.add(group.get(i).toSyncTask());
        }
      }
      for (PlannedTask t : group) {
        if (!t.prune) {
          out.add(t.toSyncTask());
        }
      }
      start = end;
    }
    return out;
  }
}
