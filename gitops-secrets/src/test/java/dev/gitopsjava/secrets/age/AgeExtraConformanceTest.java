package dev.gitopsjava.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Real files from real age implementations (conformance/age-extra) decrypt to their plaintext. */
class AgeExtraConformanceTest {

  @Test
  void filippoExampleDecryptsWithItsKeyFile() throws IOException {
    Path dir = Conformance.dir("age-extra").resolve("filippo-age-testdata");
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(dir.resolve("example_keys.txt"));
    byte[] plain = Age.decrypt(Files.readAllBytes(dir.resolve("example.age")), ids);
    assertEquals("Black lives matter.", new String(plain, StandardCharsets.US_ASCII));
  }

  @Test
  void filippoZipExampleDecryptsToAZipHoldingTheText() throws IOException {
    Path dir = Conformance.dir("age-extra").resolve("filippo-age-testdata");
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(dir.resolve("example_keys.txt"));
    byte[] zip = Age.decrypt(Files.readAllBytes(dir.resolve("example.zip.age")), ids);
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry = in.getNextEntry();
      assertEquals("example.txt", entry.getName());
      assertEquals("Black lives matter.", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
    }
  }

  @Test
  void debianCliFilesDecryptBinaryAndArmored() throws IOException {
    Path dir = Conformance.dir("age-extra").resolve("debian-age-1.1.1-cli");
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(dir.resolve("key.txt"));
    assertEquals("age1cyh4jrywdjs8ammd6kc9ed79t4mrf4fnnt9vzz3hsq3vprkp33eqgzknt4",
        ids.get(0).recipient().toString());
    byte[] expected = Files.readAllBytes(dir.resolve("plain.txt"));
    assertArrayEquals(expected, Age.decrypt(Files.readAllBytes(dir.resolve("plain.txt.age")), ids));
    byte[] armored = Files.readAllBytes(dir.resolve("plain.txt.age.asc"));
    assertTrue(new String(armored, StandardCharsets.US_ASCII).startsWith("-----BEGIN AGE"));
    assertArrayEquals(expected, Age.decrypt(armored, ids));
  }
}
