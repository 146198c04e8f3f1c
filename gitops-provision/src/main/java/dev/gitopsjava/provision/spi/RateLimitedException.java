package dev.gitopsjava.provision.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The cloud refused the call because of its rate limit (HTTP 429). {@link #retryAfter()} is the
 * wait the server asked for: from {@code Retry-After}, or derived from {@code RateLimit-Reset} /
 * {@code RateLimit-Remaining}; empty when the server gave no hint and the engine's backoff decides.
 */
public class RateLimitedException extends TransientProviderException {
  private static final long serialVersionUID = 1L;

  private final transient Optional<Duration> retryAfter;

  /** An exception with a message naming what is at fault. */
  public RateLimitedException(String provider, String message, Optional<Duration> retryAfter) {
    super(provider, message);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    retryAfter.ifPresent(d -> {
      if (d.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative: " + d);
      }
    });
  }

  /** How long the server asked the client to wait before the next request. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
