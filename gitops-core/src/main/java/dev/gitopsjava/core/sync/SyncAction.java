package dev.gitopsjava.core.sync;

/** What a {@link SyncTask} does to its resource. */
public enum SyncAction {
  /** The resource is desired and not in the cluster: create it. */
  CREATE,
  /** The resource is desired, in the cluster and differs: apply the desired state. */
  UPDATE,
  /**
   * The resource is desired, in the cluster and does not differ. The task stays in the plan so its
   * wave still waits for the resource's health.
   */
  UNCHANGED,
  /** The resource carries this application's mark and is no longer desired: delete it. */
  PRUNE,
  /**
   * The resource would be pruned, but pruning is off for the application or the resource says
   * {@code Prune=false} / {@code Prune=confirm}: leave it and report why
   * ({@link SyncTask#reason()}).
   */
  PRUNE_SKIPPED;

  /** True for {@link #PRUNE} and {@link #PRUNE_SKIPPED}. */
  public boolean isPrune() {
    return this == PRUNE || this == PRUNE_SKIPPED;
  }

  /** True when the task writes to or deletes from the cluster. */
  public boolean changesCluster() {
    return this == CREATE || this == UPDATE || this == PRUNE;
  }

  /** Lower-case word for plan output, e.g. {@code create}. */
  String word() {
    return switch (this) {
      case CREATE -> "create";
      case UPDATE -> "update";
      case UNCHANGED -> "unchanged";
      case PRUNE -> "prune";
      case PRUNE_SKIPPED -> "keep";
    };
  }
}
