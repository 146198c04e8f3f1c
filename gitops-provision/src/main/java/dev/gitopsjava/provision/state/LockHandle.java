package dev.gitopsjava.provision.state;

/** A held state lock. Close it to release; closing twice does nothing. */
public interface LockHandle extends AutoCloseable {

  /** The lock info this handle was taken with. */
  LockInfo info();

  /**
   * Confirms the lock is still held, right before a state write. Implementations with a lease
   * renew or re-read it here.
   *
   * @throws LockLostException if the lock was lost
   */
  void checkHeld();

  /** Releases the lock. */
  @Override
  void close();
}
