package dev.gitopsjava.provision.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.testing.InteropTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The probe's verdict against fio's, running etcd's fio job on the same directory. Small size:
 * this is a smoke comparison of verdicts, not a benchmark.
 *
 * <p>Timings on a shared machine wander, and this one's p99 can sit right at etcd's 10 ms. So the
 * verdicts are compared at limits far from fio's own p99 (10x above: both must pass; 10x below:
 * both must fail), which catches a probe that does not really sync (it would pass the low limit)
 * or that measures something far slower; and at etcd's 10 ms limit whenever fio's p99 is clearly
 * (5x) on one side of it.
 */
class DiskLatencyFioIT {
  private static final long SIZE = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void verdictAgreesWithFiosEtcdJob() throws Exception {
    InteropTool fio = InteropTool.require("fio");
    InteropTool.Run run = fio.run(dir, 300, "--rw=write", "--ioengine=sync", "--fdatasync=1",
        "--size=" + SIZE, "--bs=2300", "--directory=" + dir, "--name=etcd",
        "--output-format=json");
    assertEquals(0, run.exit(), run.stderr());
    JsonNode lat = JsonMapper.shared().readTree(run.stdout()).get("jobs").get(0).get("sync")
        .get("lat_ns");
    long fioN = lat.get("N").longValue();
    Duration fioP99 = Duration.ofNanos(lat.get("percentile").get("99.000000").longValue());
    deleteFioFile();

    DiskLatencyProbe probe = DiskLatencyProbe.builder().directory(dir).writeSize(2300)
        .totalBytes(SIZE).syncMode(SyncMode.FDATASYNC).build();
    DiskLatencyReport ours = probe.run();
    assertEquals(fioN, ours.writes(), "same number of fdatasyncs as fio");
    String both = "fio p99=" + fioP99 + ", ours: " + ours.summary();

    Duration high = fioP99.multipliedBy(10);
    Duration low = fioP99.dividedBy(10);
    assertEquals(DiskLatencyReport.Verdict.PASS, ours.verdict(high), both);
    assertEquals(DiskLatencyReport.Verdict.FAIL, ours.verdict(low), both);

    Duration limit = DiskLatencyReport.ETCD_P99_LIMIT;
    // 5x, not 2x: on this loaded machine two runs a second apart differed by 2.6x at p99 (fio 4.4 ms,
    // the probe 11.4 ms), so a 2x band still compared verdicts across a moving threshold.
    boolean fioClearlyPasses = fioP99.compareTo(limit.dividedBy(5)) < 0;
    boolean fioClearlyFails = fioP99.compareTo(limit.multipliedBy(5)) >= 0;
    if (fioClearlyPasses || fioClearlyFails) {
      DiskLatencyReport.Verdict fioVerdict = fioClearlyPasses
          ? DiskLatencyReport.Verdict.PASS : DiskLatencyReport.Verdict.FAIL;
      assertEquals(fioVerdict, ours.verdict(), both);
    }
    assertTrue(ours.iops() > 0, both);
  }

  private void deleteFioFile() throws java.io.IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
  }
}
