package dev.gitopsjava.core.sync;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Argo CD's task order: sort by phase, wave, kind rank and name, then move each Namespace and CRD
 * before the first task that needs it.
 */
final class TaskOrder {
  /**
   * Argo CD's comparator, then tie-breakers (namespace, group, kind) that Argo CD leaves undefined
   * (it uses an unstable sort): they make the plan independent of input order.
   */
  static final Comparator<PlannedTask> COMPARATOR = Comparator
      .comparing((PlannedTask t) -> t.phase)
      .thenComparingInt(t -> t.wave)
      .thenComparingInt(t -> KindOrder.rank(t.key.kind()))
      .thenComparing(t -> t.key.name(), TaskOrder::compareCodePoints)
      .thenComparing(t -> t.key.namespace(), TaskOrder::compareCodePoints)
      .thenComparing(t -> t.key.group(), TaskOrder::compareCodePoints)
      .thenComparing(t -> t.key.kind(), TaskOrder::compareCodePoints)
      .thenComparing(t -> t.prune);

  private TaskOrder() {}

  /** Comparator sort followed by the Namespace and CRD moves. */
  static void sort(List<PlannedTask> tasks) {
    tasks.sort(COMPARATOR);
    moveDependencies(tasks,
        t -> t.isNamespace() ? t.key.name() : null,
        t -> t.key.namespace().isEmpty() ? null : t.key.namespace());
    moveDependencies(tasks,
        t -> t.prune ? null : t.definesGroupKind,
        t -> t.key.group() + "/" + t.key.kind());
  }

  /**
   * One pass of Argo CD's {@code adjustDeps}: a dependency task that sorts after the first task
   * needing it moves to just before that task and takes its phase and wave. Prune tasks neither
   * provide nor need anything.
   *
   * @param provides the key a task provides (null: not a dependency)
   * @param needs the key a task needs (null: none); asked only of tasks that provide nothing
   */
  static void moveDependencies(List<PlannedTask> tasks, Function<PlannedTask, @Nullable String> provides,
      Function<PlannedTask, @Nullable String> needs) {
    Map<String, Integer> firstNeed = new HashMap<>();
    for (int i = 0; i < tasks.size(); i++) {
      PlannedTask t = tasks.get(i);
      if (t.prune) {
        continue;
      }
      String provided = provides.apply(t);
      if (provided != null) {
        Integer index = firstNeed.get(provided);
        if (index != null) {
          PlannedTask dependant = tasks.get(index);
          t.wave = dependant.wave;
          t.phase = dependant.phase;
          tasks.remove(i);
          tasks.add(index, t);
          for (Map.Entry<String, Integer> e : firstNeed.entrySet()) {
            if (e.getValue() >= index) {
              e.setValue(e.getValue() + 1);
            }
          }
        }
      } else {
        String needed = needs.apply(t);
        if (needed != null) {
          firstNeed.putIfAbsent(needed, i);
        }
      }
    }
  }

  /** Compares by Unicode code point, which is the byte order of UTF-8 (Go's string order). */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
