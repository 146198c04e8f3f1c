package dev.gitopsjava.secrets;

/**
 * The root of every error gitops-secrets reports. Unchecked. Messages name the file, item or field
 * at fault and never contain plaintext, keys or passphrases.
 */
public class SealingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public SealingException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public SealingException(String message, Throwable cause) {
    super(message, cause);
  }
}
