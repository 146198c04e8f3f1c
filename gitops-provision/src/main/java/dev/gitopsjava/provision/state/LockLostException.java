package dev.gitopsjava.provision.state;

/**
 * This process no longer holds the lock it took (the lease expired and someone else took it over,
 * or it was force-unlocked). Writing now could overwrite the new holder's work, so the write was
 * refused: this is the fence.
 */
public class LockLostException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public LockLostException(String message) {
    super(message);
  }
}
