package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.GitOpsException;

/**
 * The desired state is empty and the application does not allow that ({@code allowEmpty} is off).
 * Planning refuses, so a broken render or an emptied repository can never wipe out an application.
 */
public class EmptyDesiredStateException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** {@code ownedLiveResources}, kept in the serialized form. */
  private final int ownedLiveResources;

  /** An exception with a message naming what is at fault. */
  public EmptyDesiredStateException(int ownedLiveResources) {
    super("desired state is empty and allowEmpty is off: refusing to plan a sync"
        + (ownedLiveResources > 0
            ? " that would prune all " + ownedLiveResources + " resources of the application"
            : ""));
    this.ownedLiveResources = ownedLiveResources;
  }

  /** How many live resources carry the application's mark (what a sync would have pruned). */
  public int ownedLiveResources() {
    return ownedLiveResources;
  }
}
