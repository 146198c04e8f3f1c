package dev.gitopsjava.core.sync;

import java.time.Duration;

/**
 * Waits, for retry back-off and health polling. Injected so tests advance a fake clock instead of
 * sleeping (like Caffeine's {@code Ticker}).
 */
@FunctionalInterface
public interface Sleeper {

  /** Waits {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** Really waits, with {@link Thread#sleep}. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
