package dev.gitopsjava.core.sync;

import java.util.List;
import java.util.Objects;

/**
 * The tasks that run together: one phase and wave. The executor applies one wave, waits for its
 * resources to become healthy, then starts the next.
 *
 * @param phase the phase
 * @param wave the wave within the phase
 * @param tasks the tasks in order: prunes first (as Argo CD runs them), then the rest
 */
public record SyncWave(SyncPhase phase, int wave, List<SyncTask> tasks) {
  /** Checks the components. */
  public SyncWave {
    Objects.requireNonNull(phase, "phase");
    tasks = List.copyOf(tasks);
  }
}
