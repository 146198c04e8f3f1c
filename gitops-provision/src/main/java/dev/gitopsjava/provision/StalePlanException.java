package dev.gitopsjava.provision;

/**
 * A saved plan no longer fits the state: another lineage ("does not match the given state") or a
 * serial that moved since planning ("stale"). Plan again.
 */
public class StalePlanException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public StalePlanException(String message) {
    super(message);
  }
}
