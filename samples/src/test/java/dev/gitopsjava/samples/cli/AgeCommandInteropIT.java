package dev.gitopsjava.samples.cli;

import static dev.gitopsjava.samples.cli.AgeCommandTest.gitops;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drop-in promise: {@code gitops age} and Debian's {@code age} / {@code age-keygen} read each
 * other's keys and files with the same flags. Fails when {@code age} is missing and CI is set.
 */
class AgeCommandInteropIT {
  @TempDir Path dir;

  @BeforeAll
  static void ageIsInstalled() {
    boolean found = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      found |= Files.isExecutable(Path.of(d, "age"));
    }
    if (!found) {
      if (System.getenv("CI") != null) {
        fail("the age CLI is not on PATH but CI is set: .ci/run installs it (apt-get install age)");
      }
      Assumptions.abort("the age CLI is not on PATH (apt-get install age)");
    }
  }

  @Test
  void gitopsKeysAndFilesWorkWithTheAgeCli() throws Exception {
    Path key = dir.resolve("gitops-key.txt");
    String pub = gitops(new byte[0], "age", "keygen", "-o", key.toString()).stderr().strip()
        .substring("Public key: ".length());
    byte[] plain = new byte[2 * 64 * 1024 + 99];
    new Random(1).nextBytes(plain);
    // age encrypts to a gitops key; gitops decrypts (binary and armored).
    for (String armor : new String[] {"-a", "-e"}) {
      byte[] sealed = run(plain, "age", armor, "-r", pub);
      AgeCommandTest.Run opened = gitops(sealed, "age", "decrypt", "-i", key.toString());
      assertEquals(0, opened.exitCode(), opened.stderr());
      assertArrayEquals(plain, opened.stdout());
    }
    // gitops encrypts with -a -o; age decrypts with the gitops identity file.
    Path sealedFile = dir.resolve("sealed.age");
    AgeCommandTest.Run enc = gitops(plain, "age", "encrypt", "-a", "-r", pub, "-o",
        sealedFile.toString());
    assertEquals(0, enc.exitCode(), enc.stderr());
    assertArrayEquals(plain, run(new byte[0], "age", "-d", "-i", key.toString(),
        sealedFile.toString()));
  }

  @Test
  void ageKeygenKeysWorkWithGitops() throws Exception {
    Path key = dir.resolve("age-key.txt");
    run(new byte[0], "age-keygen", "-o", key.toString());
    String pub = new String(run(new byte[0], "age-keygen", "-y", key.toString()),
        StandardCharsets.US_ASCII).strip();
    byte[] plain = "db-password=s3cr3t\n".getBytes(StandardCharsets.US_ASCII);
    AgeCommandTest.Run enc = gitops(plain, "age", "encrypt", "-r", pub);
    assertEquals(0, enc.exitCode(), enc.stderr());
    assertArrayEquals(plain, run(enc.stdout(), "age", "-d", "-i", key.toString()));
  }

  /** Runs a command with data on stdin (never a plaintext file) and returns its stdout. */
  private static byte[] run(byte[] stdin, String... command) throws IOException,
      InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin);
      } catch (IOException ignored) {
        // the exit code reports the failure
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("timed out: " + String.join(" ", command));
    }
    feed.join();
    assertEquals(0, p.exitValue(), String.join(" ", command));
    return out;
  }
}
