package dev.gitopsjava.provision;

import java.time.Duration;

/**
 * How provider calls are retried: exponential backoff with full jitter (a random wait between 0
 * and {@code min(cap, base * 2^attempt)}), at most {@code maxAttempts} calls. A rate-limited call
 * waits what the server asked for instead. The defaults follow hcloud-go: base 1 s, cap 60 s, 6
 * attempts (5 retries); actions time out after 30 minutes.
 *
 * @param maxAttempts calls before giving up, at least 1
 * @param base first backoff
 * @param cap largest backoff
 * @param actionTimeout how long to poll an asynchronous action before giving up
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration actionTimeout) {

  /** Checks the components. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (base.isNegative() || cap.isNegative() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 <= base <= cap: base " + base + ", cap " + cap);
    }
    if (actionTimeout.isNegative() || actionTimeout.isZero()) {
      throw new IllegalArgumentException("actionTimeout must be positive: " + actionTimeout);
    }
  }

  /** The default retry policy. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(30));
  }

  /** The longest backoff before retry number {@code attempt} (0-based). */
  Duration ceiling(int attempt) {
    long factor = 1L << Math.min(attempt, 30);
    Duration d = base.multipliedBy(factor);
    return d.compareTo(cap) > 0 ? cap : d;
  }
}
