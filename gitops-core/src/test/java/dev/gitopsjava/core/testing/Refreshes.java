package dev.gitopsjava.core.testing;

import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.GitOps;
import java.util.concurrent.TimeUnit;

/** Refreshing a managed application from a test, with a bound instead of sleeps. */
public final class Refreshes {
  private Refreshes() {}

  /**
   * Refreshes {@code application} until it is {@link SyncStatus#SYNCED} or 60 seconds have passed.
   *
   * @return the last status (the caller asserts it)
   */
  public static ApplicationStatus untilSynced(GitOps gitOps, String application) throws Exception {
    ApplicationStatus status = gitOps.refresh(application).get(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (status.sync() != SyncStatus.SYNCED && System.nanoTime() < deadline) {
      status = gitOps.refresh(application).get(60, TimeUnit.SECONDS);
    }
    return status;
  }
}
