package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered work of one sync: a value a caller can print (dry run) before anything is written.
 *
 * <p>Tasks are in execution order: by phase, then wave; within a wave prunes come first (Argo CD
 * deletes a wave's pruned objects before applying the rest of it), then the other tasks by kind
 * (Namespace, ..., ConfigMap, ..., Deployment, ..., custom resources) and name.
 *
 * @param tasks every task, in execution order
 */
public record SyncPlan(List<SyncTask> tasks) {

  /** Checks the components. */
  public SyncPlan {
    tasks = List.copyOf(tasks);
  }

  /** A plan with nothing to do. */
  public static SyncPlan empty() {
    return new SyncPlan(List.of());
  }

  /** The tasks grouped by phase and wave, in order. */
  public List<SyncWave> waves() {
    List<SyncWave> out = new ArrayList<>();
    List<SyncTask> current = new ArrayList<>();
    for (SyncTask t : tasks) {
      if (!current.isEmpty()) {
        SyncTask head = current.get(0);
        if (head.phase() != t.phase() || head.wave() != t.wave()) {
          out.add(new SyncWave(head.phase(), head.wave(), current));
          current = new ArrayList<>();
        }
      }
      current.add(t);
    }
    if (!current.isEmpty()) {
      out.add(new SyncWave(current.get(0).phase(), current.get(0).wave(), current));
    }
    return List.copyOf(out);
  }

  /**
   * True when the first and last task differ in phase or wave, so the executor must wait for
   * health between waves (Argo CD's "multi-step" sync).
   */
  public boolean multiStep() {
    if (tasks.isEmpty()) {
      return false;
    }
    SyncTask first = tasks.get(0);
    SyncTask last = tasks.get(tasks.size() - 1);
    return first.phase() != last.phase() || first.wave() != last.wave();
  }

  /** True when some task writes to or deletes from the cluster. */
  public boolean hasChanges() {
    return tasks.stream().anyMatch(t -> t.action().changesCluster() || t.isHook());
  }

  /** The tasks with this action, in order. */
  public List<SyncTask> tasks(SyncAction action) {
    return tasks.stream().filter(t -> t.action() == action).toList();
  }

  /** The task for a resource in a phase (hooks may have one task per phase). */
  public Optional<SyncTask> task(ResourceKey key, SyncPhase phase) {
    return tasks.stream().filter(t -> t.key().equals(key) && t.phase() == phase).findFirst();
  }

  /** The tasks for a resource, in order (one, or one per phase for a hook). */
  public List<SyncTask> tasks(ResourceKey key) {
    return tasks.stream().filter(t -> t.key().equals(key)).toList();
  }

  /** How many tasks have each action. */
  public Map<SyncAction, Integer> counts() {
    Map<SyncAction, Integer> counts = new EnumMap<>(SyncAction.class);
    for (SyncAction a : SyncAction.values()) {
      counts.put(a, 0);
    }
    for (SyncTask t : tasks) {
      counts.merge(t.action(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * Human-readable plan for a dry run, e.g.
   *
   * <pre>
   * Plan: 2 to create, 1 to update, 1 to prune, 3 unchanged
   * PreSync wave 0
   *   create    Namespace shop (CreateNamespace=true)
   * Sync wave 0
   *   prune     /ConfigMap shop/old-settings
   *   create    /ConfigMap shop/settings
   *   update    apps/Deployment shop/web
   * </pre>
   */
  public String render() {
    Map<SyncAction, Integer> c = counts();
    StringBuilder out = new StringBuilder();
    out.append("Plan: ").append(c.get(SyncAction.CREATE)).append(" to create, ")
        .append(c.get(SyncAction.UPDATE)).append(" to update, ")
        .append(c.get(SyncAction.PRUNE)).append(" to prune, ")
        .append(c.get(SyncAction.UNCHANGED)).append(" unchanged");
    if (c.get(SyncAction.PRUNE_SKIPPED) > 0) {
      out.append(", ").append(c.get(SyncAction.PRUNE_SKIPPED)).append(" kept (prune skipped)");
    }
    out.append('\n');
    for (SyncWave w : waves()) {
      out.append(w.phase()).append(" wave ").append(w.wave()).append('\n');
      for (SyncTask t : w.tasks()) {
        out.append("  ").append(t.render()).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return render();
  }
}
