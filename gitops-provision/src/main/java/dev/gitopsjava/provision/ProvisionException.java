package dev.gitopsjava.provision;

/**
 * The root of every error gitops-provision reports. Unchecked. Messages name the spec file, instance
 * or state field at fault and never contain passphrases, tokens or state secrets.
 */
public class ProvisionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public ProvisionException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public ProvisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
