package dev.gitopsjava.provision;

import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateStore;
import java.util.function.UnaryOperator;

/**
 * The single writer of an apply's state: every change goes through {@link #update}, which bumps
 * the serial, checks the lock is still held (the fence) and persists at once, so the file always
 * matches what has happened at the cloud so far.
 */
final class StateWriter {

  private final StateStore store;
  private final LockHandle lock;
  private State current;

  StateWriter(StateStore store, LockHandle lock, State initial) {
    this.store = store;
    this.lock = lock;
    this.current = initial;
  }

  synchronized State update(UnaryOperator<State> change) {
    State next = change.apply(current).withSerial(current.serial() + 1);
    lock.checkHeld();
    store.write(next);
    current = next;
    return next;
  }

  synchronized State current() {
    return current;
  }
}
