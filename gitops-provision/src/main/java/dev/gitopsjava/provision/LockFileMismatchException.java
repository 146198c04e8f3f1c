package dev.gitopsjava.provision;

/**
 * The provider or a resolved ID differs from what the dependency lock file pins. The plan stops;
 * re-plan with {@code upgradeLock(true)} to accept the new values (which may replace instances).
 */
public class LockFileMismatchException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public LockFileMismatchException(String message) {
    super(message);
  }
}
