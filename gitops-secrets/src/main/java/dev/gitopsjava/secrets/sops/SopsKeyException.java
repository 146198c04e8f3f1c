package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.SealingException;

/**
 * The data key could not be recovered: none of the given identities matches a recipient of the
 * file, no identities were given, or the file is wrapped only for key types this library does not
 * support (PGP, cloud KMS, post-quantum age). The message lists the recipients, never key material.
 */
public class SopsKeyException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public SopsKeyException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public SopsKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
