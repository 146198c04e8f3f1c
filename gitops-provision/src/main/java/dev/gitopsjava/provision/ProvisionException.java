package dev.gitopsjava.provision;

/**
 * The root of every error gitops-provision reports. Unchecked. Messages name the spec file, instance
 * or state field at fault and never contain passphrases, tokens or state secrets.
 */
public class ProvisionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProvisionException(String message) {
    super(message);
  }

  public ProvisionException(String message, Throwable cause) {
    super(message, cause);
  }
}
