package dev.gitopsjava.provision.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DiskLatencyProbeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SyncMode.class)
  void runWritesTotalBytesInWriteSizeStepsAndRemovesItsFile(SyncMode mode) throws Exception {
    DiskLatencyProbe probe = DiskLatencyProbe.builder().directory(dir).writeSize(2300)
        .totalBytes(24 * 2300 + 2299).syncMode(mode).build();
    DiskLatencyReport report = probe.run();
    assertEquals(24, report.writes(), "full blocks only, as fio");
    assertEquals(24 * 2300, report.bytes());
    assertEquals(mode, report.syncMode());
    assertTrue(report.p50().compareTo(report.p90()) <= 0);
    assertTrue(report.p90().compareTo(report.p99()) <= 0);
    assertTrue(report.p99().compareTo(report.p999()) <= 0);
    assertTrue(report.p999().compareTo(report.max()) <= 0);
    assertTrue(report.p50().toNanos() > 0, report.summary());
    assertTrue(report.iops() > 0, report.summary());
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(0, left.count(), "probe file removed");
    }
  }

  @Test
  void sessionWritesSequentiallyAndWrapsAtTotalBytes() throws Exception {
    DiskLatencyProbe probe = DiskLatencyProbe.builder().directory(dir).writeSize(1000)
        .totalBytes(3000).build();
    try (DiskLatencyProbe.Session session = probe.open()) {
      for (int i = 0; i < 7; i++) {
        assertTrue(session.writeAndSync() >= 0);
      }
      assertEquals(7, session.writes());
      Path file;
      try (Stream<Path> files = Files.list(dir)) {
        file = files.findFirst().orElseThrow();
      }
      assertEquals(3000, Files.size(file), "wrapped at totalBytes instead of growing");
      assertEquals(7, session.report().writes());
    }
    assertThrows(IllegalStateException.class, () -> {
      DiskLatencyProbe.Session s = probe.open();
      s.close();
      s.writeAndSync();
    });
  }

  /** 100 syncs, {@code slow} of them (the last) 20 ms and the rest 1 ms, as seen by an injected ticker. */
  private DiskLatencyReport scripted(int slow) {
    AtomicLong now = new AtomicLong();
    AtomicLong calls = new AtomicLong();
    // The probe reads the ticker at start, then twice per write (before and after the sync),
    // then once for the report. Advance time only inside the sync window.
    LongSupplier ticker = () -> {
      long n = calls.getAndIncrement();
      if (n > 0 && n % 2 == 0 && n <= 200) {
        long write = n / 2; // 1-based write number that just finished syncing
        now.addAndGet(write > 100 - slow ? 20_000_000L : 1_000_000L);
      }
      return now.get();
    };
    return DiskLatencyProbe.builder().directory(dir).writeSize(10).totalBytes(1000)
        .ticker(ticker).build().run();
  }

  @Test
  void verdictFollowsEtcdsP99Rule() {
    DiskLatencyReport one = scripted(1);
    assertEquals(Duration.ofMillis(1), one.p99(), "99th of 100 is still fast");
    assertEquals(Duration.ofMillis(20), one.p999());
    assertEquals(DiskLatencyReport.Verdict.PASS, one.verdict());
    assertTrue(one.meetsEtcdCriterion());
    assertEquals(Duration.ofMillis(119), one.elapsed());
    assertEquals(100 / 0.119, one.iops(), 1e-6);

    DiskLatencyReport two = scripted(2);
    assertEquals(Duration.ofMillis(20), two.p99());
    assertEquals(DiskLatencyReport.Verdict.FAIL, two.verdict());
    assertEquals(Duration.ofMillis(1), two.p50());
    assertEquals(DiskLatencyReport.Verdict.PASS, two.verdict(Duration.ofMillis(21)));
  }

  @Test
  void exactlyTheLimitFails() {
    DiskLatencyReport r = new DiskLatencyReport(SyncMode.FDATASYNC, 2300, 1, 2300,
        Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10),
        Duration.ofMillis(10), Duration.ofMillis(10), 100);
    assertEquals(DiskLatencyReport.Verdict.FAIL, r.verdict());
  }

  @Test
  void builderRejectsBadOrRepeatedValues() {
    assertThrows(IllegalArgumentException.class,
        () -> DiskLatencyProbe.builder().directory(dir.resolve("missing")));
    assertThrows(IllegalArgumentException.class, () -> DiskLatencyProbe.builder().writeSize(0));
    assertThrows(IllegalStateException.class,
        () -> DiskLatencyProbe.builder().writeSize(1).writeSize(2));
    assertThrows(NullPointerException.class, () -> DiskLatencyProbe.builder().build());
    assertThrows(IllegalArgumentException.class,
        () -> DiskLatencyProbe.builder().directory(dir).writeSize(100).totalBytes(99).build());
    DiskLatencyProbe defaults = DiskLatencyProbe.builder().directory(dir).build();
    assertEquals(2300, defaults.writeSize());
    assertEquals(22L * 1024 * 1024, defaults.totalBytes());
    assertEquals(SyncMode.FDATASYNC, defaults.syncMode());
    assertEquals(10_029, defaults.writesPerRun(), "fio reports N = 10029 for the etcd job");
  }
}
