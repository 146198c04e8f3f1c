package dev.gitopsjava.provision.disk;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The outcome of a {@link DiskLatencyProbe} run. Latencies are of the sync step alone (the {@code
 * force} call, or the whole write under {@link SyncMode#O_DSYNC}), as fio's {@code sync.lat_ns}
 * and etcd's {@code wal_fsync_duration_seconds} measure them.
 *
 * @param syncMode how writes were made durable
 * @param writeSize bytes per write
 * @param writes number of writes (each followed by a sync)
 * @param bytes total bytes written
 * @param elapsed wall time of the whole run, writes and syncs
 * @param p50 median sync latency
 * @param p90 90th percentile
 * @param p99 99th percentile: etcd's criterion
 * @param p999 99.9th percentile
 * @param max slowest sync
 * @param iops synced writes per second over {@code elapsed}
 */
public record DiskLatencyReport(
    SyncMode syncMode,
    int writeSize,
    long writes,
    long bytes,
    Duration elapsed,
    Duration p50,
    Duration p90,
    Duration p99,
    Duration p999,
    Duration max,
    double iops) {

  /** etcd's criterion: the 99th percentile of WAL fdatasync under 10 ms (etcd FAQ, v3.5). */
  public static final Duration ETCD_P99_LIMIT = Duration.ofMillis(10);

  /** Pass or fail against a p99 limit. */
  public enum Verdict {
    /** Every percentile is within its limit. */
    PASS,
    /** Some percentile is over its limit. */
    FAIL
  }

  /** Checks the components. */
  public DiskLatencyReport {
    requireNonNull(syncMode, "syncMode");
    requireNonNull(elapsed, "elapsed");
    requireNonNull(p50, "p50");
    requireNonNull(p90, "p90");
    requireNonNull(p99, "p99");
    requireNonNull(p999, "p999");
    requireNonNull(max, "max");
  }

  /** PASS when {@link #p99()} is strictly under {@code p99Limit}. */
  public Verdict verdict(Duration p99Limit) {
    requireNonNull(p99Limit, "p99Limit");
    return p99.compareTo(p99Limit) < 0 ? Verdict.PASS : Verdict.FAIL;
  }

  /** The verdict against {@link #ETCD_P99_LIMIT}. */
  public Verdict verdict() {
    return verdict(ETCD_P99_LIMIT);
  }

  /** True when the disk meets etcd's criterion. */
  public boolean meetsEtcdCriterion() {
    return verdict() == Verdict.PASS;
  }

  /** One line for logs and the CLI. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "%s %d x %d B: p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms iops=%.0f -> %s"
            + " (etcd: p99 < %dms)",
        syncMode, writes, writeSize, ms(p50), ms(p90), ms(p99), ms(p999), ms(max), iops,
        verdict(), ETCD_P99_LIMIT.toMillis());
  }

  private static double ms(Duration d) {
    return d.toNanos() / 1_000_000.0;
  }
}
