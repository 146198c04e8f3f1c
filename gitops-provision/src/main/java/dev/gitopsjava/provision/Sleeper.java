package dev.gitopsjava.provision;

import java.time.Duration;

/**
 * Waits, for backoff and polling. Injected so tests run without sleeping: a fake sleeper advances
 * a fake clock instead.
 */
@FunctionalInterface
public interface Sleeper {

  /** The real thing: {@link Thread#sleep}. */
  static Sleeper system() {
    return d -> Thread.sleep(Math.max(0, d.toMillis()));
  }

  /** Waits for {@code duration}, or until interrupted. */
  void sleep(Duration duration) throws InterruptedException;
}
