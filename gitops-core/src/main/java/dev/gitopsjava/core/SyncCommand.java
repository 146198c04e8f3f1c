package dev.gitopsjava.core;

import dev.gitopsjava.core.sync.SyncResult;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A manual sync of one application, a single-use command after JGit's {@code GitCommand}:
 *
 * <pre>{@code
 * SyncResult preview = gitOps.sync(app).dryRun(true).call();
 * System.out.print(preview.plan().render());
 * SyncResult done = gitOps.sync(app).prune(true).call();
 * }</pre>
 */
public final class SyncCommand {
  private final Reconciler reconciler;
  private final Application application;
  private @Nullable Boolean dryRun;
  private @Nullable Boolean prune;
  private boolean called;

  SyncCommand(Reconciler reconciler, Application application) {
    this.reconciler = reconciler;
    this.application = Objects.requireNonNull(application, "application");
  }

  /** Plan only, write nothing (default false). */
  public SyncCommand dryRun(boolean value) {
    if (dryRun != null) {
      throw new IllegalStateException("dryRun was already set to " + dryRun);
    }
    dryRun = value;
    return this;
  }

  /** Prune resources that left Git (default: the application's {@code syncPolicy.automated.prune}). */
  public SyncCommand prune(boolean value) {
    if (prune != null) {
      throw new IllegalStateException("prune was already set to " + prune);
    }
    prune = value;
    return this;
  }

  /**
   * Renders the application's source, compares and syncs, and updates the application's status.
   * Errors are in the result ({@link SyncResult.Outcome#ERROR} when nothing was written).
   *
   * @throws IllegalStateException if called twice
   */
  public SyncResult call() {
    if (called) {
      throw new IllegalStateException("a SyncCommand runs once; ask GitOps.sync(app) for a new one");
    }
    called = true;
    return reconciler.syncNow(application, dryRun != null && dryRun,
        prune == null ? application.syncPolicy().prune() : prune);
  }
}
