package dev.gitopsjava.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interop with Debian's {@code age} CLI in both directions: files the CLI encrypts decrypt in Java,
 * files Java encrypts decrypt with the CLI, binary and armored, one or several recipients, empty
 * and multi-chunk (including exact 64 KiB multiples, which end with a full final chunk).
 */
class AgeCliInteropIT {
  private static final int CHUNK = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private AgeKeyPair javaKeys;
  private Path javaKeyFile;
  private Path cliKeyFile;
  private AgeRecipient cliRecipient;

  @BeforeAll
  static void ageIsInstalled() {
    AgeCli.requireInstalled();
  }

  @BeforeEach
  void keys() throws Exception {
    javaKeys = AgeKeyPair.generate(RANDOM);
    javaKeyFile = dir.resolve("java-key.txt");
    Files.writeString(javaKeyFile, javaKeys.identityFileText(Instant.now()));
    cliKeyFile = dir.resolve("cli-key.txt");
    AgeCli.runOk(new byte[0], "age-keygen", "-o", cliKeyFile.toString());
    String cliPublic = new String(
        AgeCli.runOk(new byte[0], "age-keygen", "-y", cliKeyFile.toString()),
        StandardCharsets.US_ASCII).strip();
    cliRecipient = AgeRecipient.parse(cliPublic);
  }

  static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 19, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 12345})
  void cliEncryptedDecryptsInJava(int size) throws Exception {
    byte[] plain = random(size);
    byte[] binary = AgeCli.runOk(plain, "age", "-r", javaKeys.recipient().toString());
    byte[] armored = AgeCli.runOk(plain, "age", "-a", "-r", javaKeys.recipient().toString());
    assertTrue(new String(armored, StandardCharsets.US_ASCII).startsWith("-----BEGIN AGE"));
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(javaKeyFile);
    assertArrayEquals(plain, Age.decrypt(binary, ids));
    assertArrayEquals(plain, Age.decrypt(armored, ids));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 19, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 12345})
  void javaEncryptedDecryptsWithTheCli(int size) throws Exception {
    byte[] plain = random(size);
    Path binary = dir.resolve("binary.age");
    Path armored = dir.resolve("armored.age");
    Files.write(binary, Age.encrypt(plain, List.of(cliRecipient), false));
    Files.write(armored, Age.encrypt(plain, List.of(cliRecipient), true));
    assertArrayEquals(plain,
        AgeCli.runOk(new byte[0], "age", "-d", "-i", cliKeyFile.toString(), binary.toString()));
    assertArrayEquals(plain,
        AgeCli.runOk(new byte[0], "age", "-d", "-i", cliKeyFile.toString(), armored.toString()));
  }

  @Test
  void multipleRecipientsWorkBothWays() throws Exception {
    byte[] plain = random(CHUNK + 7);
    AgeKeyPair third = AgeKeyPair.generate(RANDOM);
    // Java encrypts to the CLI key and two Java keys; the CLI opens it with its key.
    Path sealed = dir.resolve("multi.age");
    Files.write(sealed, Age.encrypt(plain,
        List.of(javaKeys.recipient(), cliRecipient, third.recipient()), true));
    assertArrayEquals(plain,
        AgeCli.runOk(new byte[0], "age", "-d", "-i", cliKeyFile.toString(), sealed.toString()));
    // The CLI encrypts to both; Java opens it with either key.
    byte[] cliSealed = AgeCli.runOk(plain, "age", "-r", cliRecipient.toString(),
        "-r", javaKeys.recipient().toString(), "-r", third.recipient().toString());
    assertArrayEquals(plain, Age.decrypt(cliSealed, List.of(javaKeys.identity())));
    assertArrayEquals(plain, Age.decrypt(cliSealed, List.of(third.identity())));
    // The CLI reads a Java-written identity file holding two keys.
    Path both = dir.resolve("both.txt");
    Files.writeString(both, third.identityFileText(Instant.now())
        + javaKeys.identityFileText(Instant.now()));
    assertArrayEquals(plain, AgeCli.runOk(cliSealed, "age", "-d", "-i", both.toString()));
  }

  @Test
  void cliRejectsWhatJavaTampered() throws Exception {
    byte[] sealed = Age.encrypt(random(100), List.of(cliRecipient), false);
    sealed[sealed.length - 1] ^= 1;
    Path file = dir.resolve("tampered.age");
    Files.write(file, sealed);
    AgeCli.Result r = AgeCli.run(new byte[0], "age", "-d", "-i", cliKeyFile.toString(),
        file.toString());
    assertNotEquals(0, r.exitCode());
  }

  @Test
  void cliKeyFileParsesAndMatchesItsPublicKey() throws IOException {
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(cliKeyFile);
    assertEquals(1, ids.size());
    assertEquals(cliRecipient, ids.get(0).recipient());
  }
}
