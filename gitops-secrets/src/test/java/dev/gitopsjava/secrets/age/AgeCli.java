package dev.gitopsjava.secrets.age;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code age} and {@code age-keygen} binaries. Data goes through pipes (stdin and
 * stdout), so plaintext never touches the disk; only keys and ciphertext are files.
 */
final class AgeCli {
  record Result(int exitCode, byte[] stdout, String stderr) {}

  private AgeCli() {}

  /** Fails when the binary is missing and CI is set; otherwise skips the calling test. */
  static void requireInstalled() {
    boolean found = false;
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        found |= Files.isExecutable(Path.of(dir, "age")) && Files.isExecutable(Path.of(dir, "age-keygen"));
      }
    }
    if (!found) {
      if (System.getenv("CI") != null) {
        fail("the age CLI is not on PATH but CI is set: .ci/run installs it (apt-get install age)");
      }
      Assumptions.abort("the age CLI is not on PATH (apt-get install age); interop not tested");
    }
  }

  static Result run(byte[] stdin, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process process = new ProcessBuilder(cmd).start();
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      try (OutputStream in = process.getOutputStream()) {
        in.write(stdin);
      } catch (IOException ignored) {
        // the process may exit before reading everything (an error); its exit code tells
      }
    });
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    byte[] out = readAll(process.getInputStream());
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("timed out: " + cmd);
    }
    feed.join();
    return new Result(process.exitValue(), out,
        new String(err.join(), StandardCharsets.UTF_8));
  }

  static byte[] runOk(byte[] stdin, String... command) throws IOException, InterruptedException {
    Result r = run(stdin, command);
    if (r.exitCode() != 0) {
      fail(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.stderr());
    }
    return r.stdout();
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
