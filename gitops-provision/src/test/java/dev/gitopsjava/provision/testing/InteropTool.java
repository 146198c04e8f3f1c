package dev.gitopsjava.provision.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external command-line peer a test compares against (cloud-init, fio). When the environment
 * variable {@code CI} is set (as in {@code .ci/run}, which installs the peers) a missing binary
 * fails the test; on a developer machine the test is skipped instead.
 */
public final class InteropTool {
  private final Path binary;

  private InteropTool(Path binary) {
    this.binary = binary;
  }

  /** The named binary on PATH; fails (CI) or skips (elsewhere) the test if it is absent. */
  public static InteropTool require(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return new InteropTool(candidate);
      }
    }
    String message = name + " not found on PATH (.ci/run installs it: apt-get install -y " + name
        + ")";
    if (System.getenv("CI") != null) {
      fail(message + "; CI is set, so this interop test must run");
    }
    assumeTrue(false, message);
    throw new AssertionError("unreachable");
  }

  /** The outcome of one run. */
  public record Run(int exit, String stdout, String stderr) {}

  /** Runs the tool with {@code args} in {@code workDir}; fails the test after {@code timeoutSeconds}. */
  public Run run(Path workDir, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("interop", ".out");
    Path err = Files.createTempFile("interop", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
      }
      return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
