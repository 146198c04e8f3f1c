package dev.gitopsjava.provision.disk;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Measures how fast a directory's disk makes small sequential writes durable, the way etcd's WAL
 * uses it: {@code writeSize}-byte appends, each followed by a sync, until {@code totalBytes} were
 * written (full blocks only). Defaults are the etcd fio job's: 2300-byte writes, 22 MiB, {@link SyncMode#FDATASYNC}.
 *
 * <pre>{@code
 * DiskLatencyReport report = DiskLatencyProbe.builder()
 *     .directory(Path.of("/var/lib/etcd"))
 *     .writeSize(2300)
 *     .totalBytes(22L * 1024 * 1024)
 *     .syncMode(SyncMode.FDATASYNC)
 *     .build()
 *     .run();
 * }</pre>
 *
 * <p>For a benchmark harness (JMH) that drives one write at a time, {@link #open()} returns a
 * {@link Session}: call {@link Session#writeAndSync()} from the benchmark method and close the
 * session in tear-down. A probe is immutable and can be run any number of times; it writes a
 * temporary file in the directory and removes it afterwards.
 */
public final class DiskLatencyProbe {
  /** etcd's fio job: {@code --bs=2300}. */
  public static final int DEFAULT_WRITE_SIZE = 2300;
  /** etcd's fio job: {@code --size=22m}. */
  public static final long DEFAULT_TOTAL_BYTES = 22L * 1024 * 1024;

  private final Path directory;
  private final int writeSize;
  private final long totalBytes;
  private final SyncMode syncMode;
  private final LongSupplier nanoTime;

  private DiskLatencyProbe(Builder b) {
    this.directory = requireNonNull(b.directory, "directory is required");
    this.writeSize = b.writeSize == null ? DEFAULT_WRITE_SIZE : b.writeSize;
    this.totalBytes = b.totalBytes == null ? DEFAULT_TOTAL_BYTES : b.totalBytes;
    this.syncMode = b.syncMode == null ? SyncMode.FDATASYNC : b.syncMode;
    this.nanoTime = b.nanoTime == null ? System::nanoTime : b.nanoTime;
    if (totalBytes < writeSize) {
      throw new IllegalArgumentException(
          "totalBytes " + totalBytes + " is smaller than writeSize " + writeSize);
    }
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The directory the probe writes in. */
  public Path directory() {
    return directory;
  }

  /** The size of one write, in bytes. */
  public int writeSize() {
    return writeSize;
  }

  /** How many bytes the probe writes in all. */
  public long totalBytes() {
    return totalBytes;
  }

  /** How each write is made durable. */
  public SyncMode syncMode() {
    return syncMode;
  }

  /**
   * The number of writes one {@link #run()} makes: {@code floor(totalBytes / writeSize)}, full
   * blocks only, as fio counts them (22 MiB / 2300 B = 10029).
   */
  public long writesPerRun() {
    return totalBytes / writeSize;
  }

  /** Writes {@link #totalBytes()} in {@link #writeSize()} steps, syncing each, and reports. */
  public DiskLatencyReport run() {
    try (Session session = open()) {
      long writes = writesPerRun();
      for (long i = 0; i < writes; i++) {
        session.writeAndSync();
      }
      return session.report();
    }
  }

  /** Creates the probe file and returns a session that writes one step at a time. */
  public Session open() {
    return new Session();
  }

  /**
   * One open probe file. Not thread-safe. Each {@link #writeAndSync()} appends one block; once
   * {@link DiskLatencyProbe#totalBytes()} are written it starts again at offset 0 (so an open-ended
   * benchmark does not fill the disk), overwriting the same blocks in order.
   */
  public final class Session implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer block;
    private final LatencySamples samples;
    private final long started;
    private long position;
    private long writes;
    private long bytes;
    private boolean closed;

    private Session() {
      try {
        file = Files.createTempFile(directory, "gitops-disk-probe-", ".dat");
      } catch (IOException e) {
        throw new DiskProbeException(directory, "cannot create the probe file", e);
      }
      List<StandardOpenOption> options = new ArrayList<>(
          List.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING));
      if (syncMode == SyncMode.O_DSYNC) {
        options.add(StandardOpenOption.DSYNC);
      }
      try {
        channel = FileChannel.open(file, options.toArray(StandardOpenOption[]::new));
      } catch (IOException e) {
        deleteQuietly();
        throw new DiskProbeException(directory, "cannot open the probe file", e);
      }
      byte[] data = new byte[writeSize];
      // Incompressible content, so a compressing filesystem cannot shortcut the writes.
      new SplittableRandom(2300).nextBytes(data);
      block = ByteBuffer.allocateDirect(writeSize).put(data).flip();
      samples = new LatencySamples((int) Math.min(writesPerRun(), 1 << 20));
      started = nanoTime.getAsLong();
    }

    /**
     * Writes one block and makes it durable per the probe's {@link SyncMode}; returns the sync
     * latency in nanoseconds (for {@link SyncMode#O_DSYNC}, the write's).
     */
    public long writeAndSync() {
      if (closed) {
        throw new IllegalStateException("session closed");
      }
      if (position + writeSize > totalBytes) {
        position = 0;
      }
      try {
        block.rewind();
        long latency;
        if (syncMode == SyncMode.O_DSYNC) {
          long t0 = nanoTime.getAsLong();
          writeFully(position);
          latency = nanoTime.getAsLong() - t0;
        } else {
          writeFully(position);
          long t0 = nanoTime.getAsLong();
          channel.force(syncMode == SyncMode.FSYNC);
          latency = nanoTime.getAsLong() - t0;
        }
        position += writeSize;
        writes++;
        bytes += writeSize;
        samples.add(latency);
        return latency;
      } catch (IOException e) {
        throw new DiskProbeException(directory, "write/sync failed after " + writes + " writes", e);
      }
    }

    private void writeFully(long at) throws IOException {
      long offset = at;
      while (block.hasRemaining()) {
        offset += channel.write(block, offset);
      }
    }

    /** The writes made so far. */
    public long writes() {
      return writes;
    }

    /** A report over every write made so far in this session. */
    public DiskLatencyReport report() {
      long[] sorted = samples.sorted();
      Duration elapsed = Duration.ofNanos(Math.max(0, nanoTime.getAsLong() - started));
      double seconds = elapsed.toNanos() / 1e9;
      return new DiskLatencyReport(syncMode, writeSize, writes, bytes, elapsed,
          LatencySamples.percentile(sorted, 50), LatencySamples.percentile(sorted, 90),
          LatencySamples.percentile(sorted, 99), LatencySamples.percentile(sorted, 99.9),
          sorted.length == 0 ? Duration.ZERO : Duration.ofNanos(sorted[sorted.length - 1]),
          seconds > 0 ? writes / seconds : 0);
    }

    /** Closes and deletes the probe file. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        throw new DiskProbeException(directory, "cannot close the probe file", e);
      } finally {
        deleteQuietly();
      }
    }

    private void deleteQuietly() {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // Best effort: a leftover temp file is harmless and named gitops-disk-probe-*.
      }
    }
  }

  /** Set-once builder; {@link #directory(Path)} is required. */
  public static final class Builder {
    private @Nullable Path directory;
    private @Nullable Integer writeSize;
    private @Nullable Long totalBytes;
    private @Nullable SyncMode syncMode;
    private @Nullable LongSupplier nanoTime;

    private Builder() {}

    /** The directory to probe: one on the same filesystem as etcd's data dir. Must exist. */
    public Builder directory(Path directory) {
      requireNonNull(directory, "directory");
      once(this.directory, "directory");
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException("not a directory: " + directory);
      }
      this.directory = directory;
      return this;
    }

    /** Bytes per write, default 2300. */
    public Builder writeSize(int writeSize) {
      once(this.writeSize, "writeSize");
      if (writeSize <= 0) {
        throw new IllegalArgumentException("writeSize must be positive: " + writeSize);
      }
      this.writeSize = writeSize;
      return this;
    }

    /** Bytes per run, default 22 MiB. */
    public Builder totalBytes(long totalBytes) {
      once(this.totalBytes, "totalBytes");
      if (totalBytes <= 0) {
        throw new IllegalArgumentException("totalBytes must be positive: " + totalBytes);
      }
      this.totalBytes = totalBytes;
      return this;
    }

    /** How each write is made durable, default {@link SyncMode#FDATASYNC}. */
    public Builder syncMode(SyncMode syncMode) {
      requireNonNull(syncMode, "syncMode");
      once(this.syncMode, "syncMode");
      this.syncMode = syncMode;
      return this;
    }

    /** The clock latencies are read from, default {@link System#nanoTime()}; for tests. */
    public Builder ticker(LongSupplier nanoTime) {
      requireNonNull(nanoTime, "nanoTime");
      once(this.nanoTime, "ticker");
      this.nanoTime = nanoTime;
      return this;
    }

    /** Builds the {@code DiskLatencyProbe}. */
    public DiskLatencyProbe build() {
      return new DiskLatencyProbe(this);
    }

    private static void once(@Nullable Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }
}
