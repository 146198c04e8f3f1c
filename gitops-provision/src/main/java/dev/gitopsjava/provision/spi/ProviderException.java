package dev.gitopsjava.provision.spi;

import dev.gitopsjava.provision.ProvisionException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider call failed. Subtypes say what the engine may do: retry ({@link
 * TransientProviderException}), wait and retry ({@link RateLimitedException}) or give up ({@link
 * PermanentProviderException}). The message names the provider and the request (method and path or
 * instance name), never a credential.
 */
public abstract class ProviderException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** {@code provider}, kept in the serialized form. */
  private final String provider;

  /** An exception from {@code provider}, with a message naming what is at fault, and its cause if any. */

  protected ProviderException(String provider, String message, @Nullable Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  /** The {@link ComputeProvider#name()} of the provider that failed. */
  public String provider() {
    return provider;
  }

  /** True when repeating the same call later may succeed. */
  public abstract boolean retryable();
}
