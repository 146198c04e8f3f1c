package dev.gitopsjava.bench;

import dev.gitopsjava.provision.disk.DiskLatencyProbe;
import dev.gitopsjava.provision.disk.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * etcd's write-ahead-log pattern: sequential 2,300-byte appends, each made durable before the
 * next. The same {@link DiskLatencyProbe} backs the provisioning module's etcd disk preflight, so
 * the benchmark measures exactly what the preflight judges.
 *
 * <p>{@code directory}: where to write; default {@code gitops-bench/target/fsync} under the working
 * directory, i.e. the working disk ({@code /tmp} may be a RAM disk).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FsyncBenchmark {

  @Param({"FDATASYNC", "FSYNC", "O_DSYNC"})
  public String mode;

  @Param({""})
  public String directory;

  private DiskLatencyProbe.Session session;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path dir = directory.isEmpty() ? Path.of("target", "fsync") : Path.of(directory);
    Files.createDirectories(dir);
    session = DiskLatencyProbe.builder()
        .directory(dir)
        .syncMode(SyncMode.valueOf(mode))
        .build()
        .open();
  }

  @Benchmark
  public long appendAndSync() {
    return session.writeAndSync();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
  }
}
