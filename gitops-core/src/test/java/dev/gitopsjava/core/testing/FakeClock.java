package dev.gitopsjava.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A clock tests move by hand, and a sleeper ({@link #sleep}) that advances it instead of waiting, so
 * retry back-off and health timeouts run instantly and deterministically. Thread-safe.
 */
public final class FakeClock extends Clock {
  private Instant now;
  private final List<Duration> sleeps = new ArrayList<>();
  private Consumer<Duration> onSleep = d -> {};

  public FakeClock(Instant start) {
    this.now = start;
  }

  /** A clock at 2026-01-01T00:00:00Z. */
  public static FakeClock start() {
    return new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
  }

  /** "Sleeps": records the duration and advances the clock; then runs the {@link #onSleep} hook. */
  public void sleep(Duration d) {
    Consumer<Duration> hook;
    synchronized (this) {
      sleeps.add(d);
      now = now.plus(d);
      hook = onSleep;
    }
    hook.accept(d);
  }

  /** Runs {@code hook} after every sleep, e.g. to play the controller that makes pods ready. */
  public synchronized void onSleep(Consumer<Duration> hook) {
    this.onSleep = hook;
  }

  /** Every duration slept so far. */
  public synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
