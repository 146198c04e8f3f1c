package dev.gitopsjava.provision.spi;

import org.jspecify.annotations.Nullable;

/**
 * A failure a retry cannot fix: invalid input, unknown image or flavor, quota exceeded, bad
 * credentials, forbidden. The engine stops working on the instance and reports it.
 */
public class PermanentProviderException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public PermanentProviderException(String provider, String message) {
    super(provider, message, null);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public PermanentProviderException(String provider, String message, @Nullable Throwable cause) {
    super(provider, message, cause);
  }

  @Override
  public final boolean retryable() {
    return false;
  }
}
