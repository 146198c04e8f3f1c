package dev.gitopsjava.provision.hetzner;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last {@code RateLimit-*} headers seen: {@code RateLimit-Limit} requests per hour, {@code
 * RateLimit-Remaining}, and {@code RateLimit-Reset} (UNIX seconds when the allowance is full
 * again). The allowance refills gradually (one request per second at 3600/hour).
 *
 * @param limit requests per hour
 * @param remaining requests left now
 * @param reset when the allowance is fully restored
 */
record RateLimit(long limit, long remaining, Instant reset) {

  /** The wait until one more request is allowed: none while requests remain. */
  Duration waitForOne(Clock clock) {
    if (remaining > 0) {
      return Duration.ZERO;
    }
    Duration untilFull = Duration.between(clock.instant(), reset);
    if (untilFull.isNegative() || untilFull.isZero()) {
      return Duration.ZERO;
    }
    // Refill is linear from empty to full by "reset": one request's share of that time.
    Duration perRequest = limit > 0 ? untilFull.dividedBy(limit) : untilFull;
    Duration atLeast = Duration.ofHours(1).dividedBy(Math.max(1, limit));
    return perRequest.compareTo(atLeast) > 0 ? perRequest : atLeast;
  }

  static Optional<RateLimit> from(java.net.http.HttpHeaders headers) {
    try {
      Optional<String> limit = headers.firstValue("RateLimit-Limit");
      Optional<String> remaining = headers.firstValue("RateLimit-Remaining");
      Optional<String> reset = headers.firstValue("RateLimit-Reset");
      if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new RateLimit(Long.parseLong(limit.get().strip()),
          Long.parseLong(remaining.get().strip()),
          Instant.ofEpochSecond(Long.parseLong(reset.get().strip()))));
    } catch (NumberFormatException | java.time.DateTimeException e) {
      // Unreadable or out of Instant's range: act as if the headers were absent.
      return Optional.empty();
    }
  }
}
