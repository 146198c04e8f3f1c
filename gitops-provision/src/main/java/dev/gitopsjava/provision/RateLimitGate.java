package dev.gitopsjava.provision;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One pause shared by every worker of an apply: when the provider says "429, wait 30 s", all
 * workers wait, not just the one that got the answer (the limit is per project, not per call).
 */
final class RateLimitGate {

  private final Clock clock;
  private final Sleeper sleeper;
  private Instant notBefore = Instant.MIN;

  RateLimitGate(Clock clock, Sleeper sleeper) {
    this.clock = clock;
    this.sleeper = sleeper;
  }

  synchronized void pauseFor(Duration wait) {
    Instant until = clock.instant().plus(wait);
    if (until.isAfter(notBefore)) {
      notBefore = until;
    }
  }

  /** Waits until the pause is over. */
  void await() throws InterruptedException {
    while (true) {
      Instant until;
      synchronized (this) {
        until = notBefore;
      }
      Duration left = Duration.between(clock.instant(), until);
      if (left.isNegative() || left.isZero()) {
        return;
      }
      sleeper.sleep(left);
    }
  }
}
