package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.ResourceKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one sync: the plan it followed and a result per resource.
 *
 * @param application the application's name
 * @param commit the commit the desired state came from ({@code ""} when not from Git)
 * @param outcome how the sync ended
 * @param message why it failed, or a summary
 * @param plan the plan that was followed (for a dry run: the plan that would be)
 * @param resources one result per task, in plan order
 * @param dryRun true when nothing was written
 * @param startedAt when the sync started
 * @param finishedAt when it ended
 */
public record SyncResult(String application, String commit, Outcome outcome, String message, SyncPlan plan,
    List<ResourceResult> resources, boolean dryRun, Instant startedAt, Instant finishedAt) {

  /** How a sync ended. */
  public enum Outcome {
    /** Every task succeeded (or there was nothing to do). */
    SUCCEEDED,
    /** A task failed or a wave did not become healthy in time; later waves did not run. */
    FAILED,
    /** The sync stopped before any write: a render, validation or planning error. */
    ERROR
  }

  /** Checks the components. */
  public SyncResult {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(plan, "plan");
    resources = List.copyOf(resources);
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /** A sync that stopped before writing anything, e.g. because the desired state was invalid. */
  public static SyncResult error(String application, String commit, String message, Instant startedAt, Instant finishedAt) {
    return new SyncResult(application, commit, Outcome.ERROR, message, SyncPlan.empty(), List.of(), false,
        startedAt, finishedAt);
  }

  /** True when the sync succeeded. */
  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** The result for one resource (the first task for it, for hooks with several phases). */
  public Optional<ResourceResult> resource(ResourceKey key) {
    return resources.stream().filter(r -> r.key().equals(key)).findFirst();
  }

  /** The results with this status. */
  public List<ResourceResult> resources(ResourceResult.Status status) {
    return resources.stream().filter(r -> r.status() == status).toList();
  }

  /** True when the sync wrote to or deleted from the cluster. */
  public boolean changedCluster() {
    return !dryRun && resources.stream().anyMatch(r -> r.attempts() > 0
        && (r.status() == ResourceResult.Status.SYNCED || r.status() == ResourceResult.Status.PRUNED)
        && r.action().changesCluster());
  }

  @Override
  public String toString() {
    return application + "@" + (commit.length() > 7 ? commit.substring(0, 7) : commit) + " " + outcome
        + (message.isEmpty() ? "" : ": " + message) + " (" + resources.size() + " resources)";
  }
}
