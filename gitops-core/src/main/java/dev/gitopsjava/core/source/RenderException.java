package dev.gitopsjava.core.source;

import dev.gitopsjava.core.GitOpsException;

/** A renderer failed (kustomize not installed, kustomize build error, unknown renderer type). */
public class RenderException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public RenderException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public RenderException(String message, Throwable cause) {
    super(message, cause);
  }
}
