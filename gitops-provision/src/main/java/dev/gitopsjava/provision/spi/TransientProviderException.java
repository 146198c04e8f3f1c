package dev.gitopsjava.provision.spi;

import org.jspecify.annotations.Nullable;

/**
 * A failure a retry may fix: HTTP 5xx, 409 conflict / 423 locked (another action is running), a
 * timeout, a connection reset, or a response that never arrived. For a create the outcome is then
 * unknown; the engine lists by name and labels before it creates again.
 */
public class TransientProviderException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public TransientProviderException(String provider, String message) {
    super(provider, message, null);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public TransientProviderException(String provider, String message, @Nullable Throwable cause) {
    super(provider, message, cause);
  }

  @Override
  public final boolean retryable() {
    return true;
  }
}
