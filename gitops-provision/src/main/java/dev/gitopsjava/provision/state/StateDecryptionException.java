package dev.gitopsjava.provision.state;

import org.jspecify.annotations.Nullable;

/**
 * An encrypted state (or plan) file could not be decrypted: wrong passphrase, tampered or truncated
 * data, unknown layout version, or a plaintext file where encryption is required. Nothing was
 * written when this is thrown.
 */
public class StateDecryptionException extends StateException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public StateDecryptionException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public StateDecryptionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
