package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.SealingException;

/**
 * The input is not a document SOPS could have written or read: malformed YAML/JSON, a missing or
 * malformed {@code sops} block, a malformed {@code ENC[...]} value, a non-string key. The message
 * names the place; it never quotes values.
 */
public class SopsFormatException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public SopsFormatException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public SopsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
