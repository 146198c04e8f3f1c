package dev.gitopsjava.provision;

/** The applying thread was interrupted; state holds what finished before. */
public class ApplyInterruptedException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public ApplyInterruptedException(String what) {
    super("interrupted while " + what + "; the state records every finished step");
  }
}
