package dev.gitopsjava.provision;

import org.jspecify.annotations.Nullable;

/** A provider call kept failing transiently (or rate-limited) until the retry budget ran out. */
public class RetriesExhaustedException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault, and its cause. */
  public RetriesExhaustedException(String what, int attempts, @Nullable Throwable last) {
    super(what + ": gave up after " + attempts + " attempts"
        + (last == null ? "" : ": " + last.getMessage()), last);
  }
}
