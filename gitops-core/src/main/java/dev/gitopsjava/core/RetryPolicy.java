package dev.gitopsjava.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed sync is retried (Argo CD's {@code syncPolicy.retry}): up to {@code limit} retries,
 * waiting {@code backoff}, then {@code backoff × factor}, … capped at {@code maxBackoff}.
 *
 * @param limit retries after the first attempt; negative means unlimited
 * @param backoff the first wait
 * @param factor the growth factor of the wait
 * @param maxBackoff the longest wait
 */
public record RetryPolicy(int limit, Duration backoff, int factor, Duration maxBackoff) {
  /** Argo CD's defaults when a retry block gives no values: 5 s, factor 2, at most 3 min. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(5), 2, Duration.ofMinutes(3));
  /** No retries. */
  public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofSeconds(5), 2, Duration.ofMinutes(3));

  /** Checks the components. */
  public RetryPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
    }
    if (factor < 1) {
      throw new IllegalArgumentException("factor must be >= 1, was " + factor);
    }
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than backoff " + backoff);
    }
  }

  /** The wait before retry number {@code retry} (1-based). */
  public Duration delayBefore(int retry) {
    Duration d = backoff;
    for (int i = 1; i < retry && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(factor);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  /** True when another retry is allowed after {@code retriesSoFar} retries. */
  public boolean allowsRetry(int retriesSoFar) {
    return limit < 0 || retriesSoFar < limit;
  }
}
