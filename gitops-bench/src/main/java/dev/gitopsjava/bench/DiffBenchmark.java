package dev.gitopsjava.bench;

import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.JsonNode;

/**
 * The diff hot path against its reference points, on the same pairs in the same run.
 *
 * <ul>
 *   <li>{@code engine}: the engine's three-way diff (normalisation, merge-keyed lists, ignore
 *       rules) of desired, live and last-applied.
 *   <li>{@code jsonNodeEquals}: {@code JsonNode.equals} of desired with an identical deep copy —
 *       the floor: a full traversal of every field, which any correct diff must also make. (On
 *       the desired/live pair itself {@code equals} stops at the first size mismatch, which says
 *       nothing about the cost of a correct answer.)
 *   <li>{@code engineWithMergedObject}: the same diff, then its merged object (what a sync writes),
 *       which the engine builds only when asked: the cost of a diff whose result is applied.
 *   <li>{@code zjsonpatch}: fabric8's zjsonpatch {@code JsonDiff.asJson(live, desired)}, the usual
 *       Java choice (two-way, no normalisation, so it reports server fields as changes).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DiffBenchmark {

  @Param({"deployment", "service", "configmap-small", "configmap-50", "configmap-1mib", "crd"})
  public String resource;

  @Param({"unchanged", "changed"})
  public String variant;

  private Differ differ;
  private Fixtures.Pair pair;
  private JsonNode desiredTree;
  private JsonNode desiredCopy;
  private JsonNode liveTree;

  @Setup(Level.Trial)
  public void setUp() {
    differ = Differ.builder().loadNormalizersFromClassPath(false).build();
    pair = Fixtures.pair(resource, variant.equals("changed"), 42);
    desiredTree = pair.desired().tree();
    desiredCopy = desiredTree.deepCopy();
    liveTree = pair.live().tree();
    DiffResult check = engine();
    if (check.modified() != variant.equals("changed")) {
      throw new IllegalStateException("fixture " + resource + "/" + variant + " diffs as modified=" + check.modified()
          + ": " + check.changes());
    }
  }

  @Benchmark
  public DiffResult engine() {
    return differ.diff(pair.desired(), Optional.of(pair.live()), Optional.of(pair.lastApplied()));
  }

  @Benchmark
  public Object engineWithMergedObject() {
    return engine().mergedObject();
  }

  @Benchmark
  public boolean jsonNodeEquals() {
    return desiredTree.equals(desiredCopy);
  }

  @Benchmark
  public JsonNode zjsonpatch() {
    return JsonDiff.asJson(liveTree, desiredTree);
  }
}
