package dev.gitopsjava.core;

/**
 * The root of every error gitops-core reports. Unchecked, like fabric8's and Jackson 3's exceptions,
 * so callers catch the subtypes they can act on and let the rest propagate.
 *
 * <p>Messages name the file, resource or field at fault, and never contain secret values or
 * credentials.
 */
public class GitOpsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public GitOpsException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public GitOpsException(String message, Throwable cause) {
    super(message, cause);
  }
}
