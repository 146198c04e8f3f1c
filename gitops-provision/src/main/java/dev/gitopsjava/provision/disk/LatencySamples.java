package dev.gitopsjava.provision.disk;

import java.time.Duration;
import java.util.Arrays;

/** Recorded latencies in nanoseconds, and their nearest-rank percentiles. */
final class LatencySamples {
  private long[] nanos;
  private int count;

  LatencySamples(int expected) {
    nanos = new long[Math.max(16, expected)];
  }

  void add(long latencyNanos) {
    if (count == nanos.length) {
      nanos = Arrays.copyOf(nanos, nanos.length * 2);
    }
    nanos[count++] = latencyNanos;
  }

  int count() {
    return count;
  }

  /**
   * Percentile {@code p} (0 &lt; p &le; 100) by the nearest-rank method: the smallest sample with
   * at least p% of the samples at or below it.
   */
  static Duration percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return Duration.ofNanos(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]);
  }

  long[] sorted() {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return copy;
  }
}
