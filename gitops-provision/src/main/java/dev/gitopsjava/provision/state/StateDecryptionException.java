package dev.gitopsjava.provision.state;

import org.jspecify.annotations.Nullable;

/**
 * An encrypted state (or plan) file could not be decrypted: wrong passphrase, tampered or truncated
 * data, unknown layout version, or a plaintext file where encryption is required. Nothing was
 * written when this is thrown.
 */
public class StateDecryptionException extends StateException {
  private static final long serialVersionUID = 1L;

  public StateDecryptionException(String message) {
    super(message);
  }

  public StateDecryptionException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
