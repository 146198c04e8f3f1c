package dev.gitopsjava.provision.state;

import java.util.Objects;

/** Someone else holds the state lock; {@link #holder()} says who, since when, doing what. */
public class StateLockedException extends StateException {
  private static final long serialVersionUID = 1L;

  private final transient LockInfo holder;

  /** An exception with a message naming what is at fault. */
  public StateLockedException(String location, LockInfo holder) {
    super("state " + location + " is locked: " + holder.describe());
    this.holder = Objects.requireNonNull(holder, "holder");
  }

  /** The current holder's lock info. */
  public LockInfo holder() {
    return holder;
  }
}
