package dev.gitopsjava.core;

import java.util.Objects;

/**
 * When and how an application is synced (Argo CD's {@code spec.syncPolicy}).
 *
 * @param automated whether changes in Git are synced without a person asking
 * @param prune with automated sync, delete resources that left Git
 * @param selfHeal with automated sync, revert changes made in the cluster
 * @param allowEmpty allow a sync (and so a prune) when Git renders no resources
 * @param options sync options
 * @param retry how failed syncs are retried
 */
public record SyncPolicy(boolean automated, boolean prune, boolean selfHeal, boolean allowEmpty,
    SyncOptions options, RetryPolicy retry) {

  /** Manual sync, no options, no retries. */
  public static final SyncPolicy MANUAL = new SyncPolicy(false, false, false, false, SyncOptions.NONE, RetryPolicy.NONE);

  /** Checks the components. */
  public SyncPolicy {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(retry, "retry");
  }
}
