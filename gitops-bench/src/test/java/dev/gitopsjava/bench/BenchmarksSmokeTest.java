package dev.gitopsjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark once, briefly and in-process, so they cannot rot: each fixture must diff as
 * expected, and the report must have every row. A smoke test, not a timing assertion.
 */
class BenchmarksSmokeTest {
  @TempDir Path temp;

  @Test
  void everyBenchmarkRunsAndTheReportHasEveryRow() throws Exception {
    String md = BenchmarkRunner.run(BenchmarkRunner.Settings.quick(0), temp.resolve("fsync"), temp.resolve("b.json"));
    for (String resource : List.of("deployment", "service", "configmap-small", "configmap-50", "configmap-1mib", "crd")) {
      for (String variant : List.of("unchanged", "changed")) {
        assertTrue(md.contains("| " + resource + " | " + variant + " | "), resource + "/" + variant + " missing:\n" + md);
      }
    }
    assertTrue(md.contains("| 2000 | "), md);
    for (String variant : List.of("fdatasync", "fsync", "`O_DSYNC` channel")) {
      assertTrue(md.contains(variant), variant + " missing:\n" + md);
    }
    assertTrue(Files.size(temp.resolve("b.json")) > 100, "JMH JSON written");
    assertEquals(-1, md.indexOf("NaN"), "every figure present:\n" + md);
  }
}
