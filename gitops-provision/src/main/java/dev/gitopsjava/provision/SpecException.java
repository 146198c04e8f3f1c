package dev.gitopsjava.provision;

/** A spec (or lock file) is invalid; the message names the file and the field. */
public class SpecException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public SpecException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public SpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
