package dev.gitopsjava.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs fio with etcd's recommended disk check ({@code --rw=write --ioengine=sync --fdatasync=1
 * --size=22m --bs=2300}) on a directory and reads its fdatasync latency percentiles.
 */
final class FioReference {

  /** fio's sync latency percentiles, in microseconds. */
  record Result(double p50, double p90, double p99, double p999, double iops, String version) {}

  private FioReference() {}

  static Optional<Result> run(Path directory, String size) throws IOException, InterruptedException {
    Optional<Path> fio = findOnPath("fio");
    if (fio.isEmpty()) {
      return Optional.empty();
    }
    Files.createDirectories(directory);
    Path out = Files.createTempFile("fio-", ".json");
    try {
      Process p = new ProcessBuilder(List.of(fio.get().toString(), "--name=etcd-wal", "--rw=write", "--ioengine=sync",
          "--fdatasync=1", "--size=" + size, "--bs=2300", "--directory=" + directory, "--output-format=json",
          "--output=" + out))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("fio failed or timed out on " + directory);
      }
      JsonNode root = JsonMapper.builder().build().readTree(Files.readString(out, StandardCharsets.UTF_8));
      JsonNode job = root.path("jobs").path(0);
      JsonNode pct = job.path("sync").path("lat_ns").path("percentile");
      return Optional.of(new Result(
          pct.path("50.000000").asDouble() / 1000.0,
          pct.path("90.000000").asDouble() / 1000.0,
          pct.path("99.000000").asDouble() / 1000.0,
          pct.path("99.900000").asDouble() / 1000.0,
          job.path("write").path("iops").asDouble(),
          root.path("fio version").asString("fio")));
    } finally {
      Files.deleteIfExists(out);
      try (var files = Files.list(directory)) {
        for (Path f : files.filter(f -> f.getFileName().toString().startsWith("etcd-wal")).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  static Optional<Path> findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
