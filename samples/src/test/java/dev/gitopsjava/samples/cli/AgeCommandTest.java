package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops age keygen|encrypt|decrypt}: exit codes, streams and one-line errors. */
class AgeCommandTest {
  @TempDir Path dir;
  private Path key;
  private String publicKey;

  /** One run of the command line with its own stdin, stdout and stderr. */
  record Run(int exitCode, byte[] stdout, String stderr) {}

  static Run gitops(byte[] stdin, String... args) {
    InputStream oldIn = System.in;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setIn(new ByteArrayInputStream(stdin));
      System.setOut(new PrintStream(out, true));
      CommandLine cl = GitOpsCommand.commandLine();
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      System.out.flush();
      return new Run(code, out.toByteArray(), err.toString());
    } finally {
      System.setIn(oldIn);
      System.setOut(oldOut);
    }
  }

  static void assertOneLineError(Run run) {
    assertEquals(GitOpsCommand.BAD_INPUT, run.exitCode(), run.stderr());
    String message = run.stderr().strip();
    assertFalse(message.isEmpty());
    assertFalse(message.contains("\n"), "one line expected: " + message);
  }

  @BeforeEach
  void keygen() throws Exception {
    key = dir.resolve("key.txt");
    Run run = gitops(new byte[0], "age", "keygen", "-o", key.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stderr().startsWith("Public key: age1"), run.stderr());
    publicKey = run.stderr().strip().substring("Public key: ".length());
  }

  @Test
  void keygenWritesAnOwnerOnlyIdentityFileAndNeverOverwrites() throws Exception {
    String text = Files.readString(key);
    assertTrue(text.startsWith("# created: "));
    assertTrue(text.contains("# public key: " + publicKey + "\n"));
    assertTrue(text.contains("\nAGE-SECRET-KEY-1"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    Run again = gitops(new byte[0], "age", "keygen", "-o", key.toString());
    assertOneLineError(again);
    assertTrue(again.stderr().contains("file exists"), again.stderr());
    assertEquals(text, Files.readString(key), "the existing key is untouched");
  }

  @Test
  void keygenToStdoutPrintsTheIdentityAndThePublicKeyOnStderr() {
    Run run = gitops(new byte[0], "age", "keygen");
    assertEquals(0, run.exitCode());
    String out = new String(run.stdout(), StandardCharsets.US_ASCII);
    String pub = run.stderr().strip().substring("Public key: ".length());
    assertTrue(out.contains("# public key: " + pub));
  }

  @Test
  void encryptStdinToStdoutThenDecryptRoundTrips() throws Exception {
    byte[] plain = new byte[200_000];
    new Random(7).nextBytes(plain);
    Run enc = gitops(plain, "age", "encrypt", "-r", publicKey);
    assertEquals(0, enc.exitCode(), enc.stderr());
    assertTrue(new String(enc.stdout(), 0, 22, StandardCharsets.US_ASCII)
        .startsWith("age-encryption.org/v1\n"));
    Run dec = gitops(enc.stdout(), "age", "decrypt", "-i", key.toString());
    assertEquals(0, dec.exitCode(), dec.stderr());
    assertArrayEquals(plain, dec.stdout());
  }

  @Test
  void armoredFilesInAndOut() throws Exception {
    Path in = dir.resolve("secret.txt");
    Files.writeString(in, "password=hunter2\n");
    Path sealed = dir.resolve("secret.txt.age");
    Path opened = dir.resolve("opened.txt");
    Run enc = gitops(new byte[0], "age", "encrypt", "-a", "-r", publicKey, "-o",
        sealed.toString(), in.toString());
    assertEquals(0, enc.exitCode(), enc.stderr());
    assertTrue(Files.readString(sealed).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    Run dec = gitops(new byte[0], "age", "decrypt", "-i", key.toString(), "-o", opened.toString(),
        sealed.toString());
    assertEquals(0, dec.exitCode(), dec.stderr());
    assertEquals("password=hunter2\n", Files.readString(opened));
  }

  @Test
  void wrongKeyFailsWithOneLineAndCreatesNoOutput() throws Exception {
    Path otherKey = dir.resolve("other.txt");
    assertEquals(0, gitops(new byte[0], "age", "keygen", "-o", otherKey.toString()).exitCode());
    Run enc = gitops("x".getBytes(StandardCharsets.US_ASCII), "age", "encrypt", "-r", publicKey);
    Path out = dir.resolve("never.txt");
    Run dec = gitops(enc.stdout(), "age", "decrypt", "-i", otherKey.toString(), "-o",
        out.toString());
    assertOneLineError(dec);
    assertTrue(dec.stderr().contains("no identity matched"), dec.stderr());
    assertFalse(Files.exists(out));
  }

  @Test
  void tamperedPayloadFailsAndRemovesThePartialOutput() throws Exception {
    byte[] plain = new byte[3 * 64 * 1024];
    Run enc = gitops(plain, "age", "encrypt", "-r", publicKey);
    byte[] sealed = enc.stdout();
    sealed[sealed.length - 5] ^= 1; // the last chunk: the first two were already written
    Path out = dir.resolve("partial.bin");
    Run dec = gitops(sealed, "age", "decrypt", "-i", key.toString(), "-o", out.toString());
    assertOneLineError(dec);
    assertTrue(dec.stderr().contains("payload"), dec.stderr());
    assertFalse(Files.exists(out), "partly decrypted output must not stay behind");

    Path existing = dir.resolve("existing.bin");
    Files.writeString(existing, "the previous plaintext");
    Run over = gitops(sealed, "age", "decrypt", "-i", key.toString(), "-o", existing.toString());
    assertOneLineError(over);
    assertEquals("the previous plaintext", Files.readString(existing), "an existing OUTPUT is left as it was");
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList(),
          "no temporary file left behind");
    }
  }

  @Test
  void badFlagsAndInputsFailWithOneLine() {
    assertOneLineError(gitops(new byte[0], "age", "encrypt"));
    assertOneLineError(gitops(new byte[0], "age", "encrypt", "-r", "age1notakey"));
    assertOneLineError(gitops(new byte[0], "age", "encrypt", "--no-such-flag"));
    assertOneLineError(gitops(new byte[0], "age", "decrypt"));
    assertOneLineError(gitops(new byte[0], "age", "decrypt", "-i", dir.resolve("nope").toString()));
    Run missing = gitops(new byte[0], "age", "encrypt", "-r", publicKey,
        dir.resolve("missing.txt").toString());
    assertOneLineError(missing);
    assertTrue(missing.stderr().contains("no such file"), missing.stderr());
    assertOneLineError(gitops("not an age file".getBytes(StandardCharsets.US_ASCII),
        "age", "decrypt", "-i", key.toString()));
  }

  @Test
  void errorsNeverShowTheSecretKey() throws Exception {
    String secretLine = Files.readAllLines(key).get(2);
    Run run = gitops(new byte[0], "age", "encrypt", "-r", secretLine);
    assertOneLineError(run);
    assertFalse(run.stderr().contains(secretLine.substring(20)), run.stderr());
  }

  @Test
  void recipientsFileWithCommentsEncryptsToEveryListedKey() throws Exception {
    Path otherKey = dir.resolve("other.txt");
    Run other = gitops(new byte[0], "age", "keygen", "-o", otherKey.toString());
    String otherPublic = other.stderr().strip().substring("Public key: ".length());
    Path recipients = dir.resolve("recipients.txt");
    Files.writeString(recipients, "# team\n" + publicKey + "\n\n" + otherPublic + "\n");
    byte[] plain = "shared".getBytes(StandardCharsets.US_ASCII);
    Run enc = gitops(plain, "age", "encrypt", "-R", recipients.toString());
    assertEquals(0, enc.exitCode(), enc.stderr());
    assertArrayEquals(plain, gitops(enc.stdout(), "age", "decrypt", "-i", key.toString()).stdout());
    assertArrayEquals(plain,
        gitops(enc.stdout(), "age", "decrypt", "-i", otherKey.toString()).stdout());
    Files.writeString(recipients, "# team\nage1broken\n");
    Run bad = gitops(plain, "age", "encrypt", "-R", recipients.toString());
    assertOneLineError(bad);
    assertTrue(bad.stderr().contains("line 2"), bad.stderr());
  }
}
