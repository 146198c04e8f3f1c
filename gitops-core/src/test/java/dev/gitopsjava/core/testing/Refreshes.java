package dev.gitopsjava.core.testing;

import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.GitOps;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Refreshing a managed application from a test, with a bound instead of sleeps. */
public final class Refreshes {
  private Refreshes() {}

  /**
   * Refreshes {@code application} until it is {@link SyncStatus#SYNCED} or 60 seconds have passed.
   *
   * @return the last status (the caller asserts it)
   */
  public static ApplicationStatus untilSynced(GitOps gitOps, String application) throws Exception {
    return until(gitOps, application, s -> s.sync() == SyncStatus.SYNCED);
  }

  /**
   * Refreshes {@code application} until its status passes {@code done} or 60 seconds have passed;
   * e.g. after a change in the cluster, which a refresh sees once the watch has brought it.
   *
   * @return the last status (the caller asserts it)
   */
  public static ApplicationStatus until(GitOps gitOps, String application, Predicate<ApplicationStatus> done)
      throws Exception {
    ApplicationStatus status = gitOps.refresh(application).get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.test(status) && System.nanoTime() < deadline) {
      status = gitOps.refresh(application).get(60, TimeUnit.SECONDS);
    }
    return status;
  }
}
