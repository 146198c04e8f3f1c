package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.SealingException;

/**
 * A valid SOPS feature this library does not implement (for example Shamir key groups or the
 * comment-regex selection rules). The message names the feature.
 */
public class SopsUnsupportedException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public SopsUnsupportedException(String message) {
    super(message);
  }
}
