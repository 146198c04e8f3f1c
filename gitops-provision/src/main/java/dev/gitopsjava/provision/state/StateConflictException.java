package dev.gitopsjava.provision.state;

/**
 * The state changed under the caller: another lineage, a serial that moved since it was read (a
 * concurrent writer, or a saved plan that went stale), or a write that would move the serial back.
 */
public class StateConflictException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public StateConflictException(String message) {
    super(message);
  }
}
