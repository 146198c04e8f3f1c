package dev.gitopsjava.bench;

import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.sync.PlanRequest;
import dev.gitopsjava.core.sync.SyncPlan;
import dev.gitopsjava.core.sync.SyncPlanner;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

/**
 * One reconcile's pure work for a large application: diff every resource, then plan the sync.
 * Target: under 50 ms for 2,000 mixed resources on one core (the benchmark is single-threaded).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ApplicationPlanBenchmark {

  @Param({"2000"})
  public int resources;

  private Differ differ;
  private List<Fixtures.Pair> pairs;
  private DesiredState desired;
  private LiveState live;

  @Setup(Level.Trial)
  public void setUp() {
    differ = Differ.builder().loadNormalizersFromClassPath(false).build();
    pairs = Fixtures.application(resources, 7);
    desired = DesiredState.of("0123456789abcdef0123456789abcdef01234567",
        pairs.stream().map(Fixtures.Pair::desired).toList());
    live = LiveState.of(pairs.stream().map(Fixtures.Pair::live).toList());
    if (diffAndPlan().tasks().size() != resources) {
      throw new IllegalStateException("plan does not cover every resource");
    }
  }

  @Benchmark
  public SyncPlan diffAndPlan() {
    Set<ResourceKey> modified = new HashSet<>();
    for (Fixtures.Pair p : pairs) {
      DiffResult r = differ.diff(p.desired(), Optional.of(p.live()), Optional.of(p.lastApplied()));
      if (r.modified()) {
        modified.add(p.desired().key());
      }
    }
    return SyncPlanner.plan(PlanRequest.builder(desired, live)
        .modified(modified::contains)
        .owned((Manifest m) -> true)
        .build());
  }
}
