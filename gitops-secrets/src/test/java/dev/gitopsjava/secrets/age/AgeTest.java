package dev.gitopsjava.secrets.age;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgeTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] HELLO = "hello sealed world\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void javadocExampleRoundTripsArmored() {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    byte[] sealed = Age.encrypt("hello".getBytes(StandardCharsets.UTF_8),
        List.of(keys.recipient()), true);
    byte[] opened = Age.decrypt(sealed, List.of(keys.identity()));
    assertEquals("hello", new String(opened, StandardCharsets.UTF_8));
    String text = new String(sealed, StandardCharsets.US_ASCII);
    assertTrue(text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"));
    assertTrue(text.endsWith("\n-----END AGE ENCRYPTED FILE-----\n"));
  }

  @Test
  void binaryOutputStartsWithTheVersionLineAndOneStanzaPerRecipient() {
    AgeKeyPair a = AgeKeyPair.generate(RANDOM);
    AgeKeyPair b = AgeKeyPair.generate(RANDOM);
    byte[] sealed = Age.encrypt(HELLO, List.of(a.recipient(), b.recipient()), false);
    String head = new String(sealed, 0, 200, StandardCharsets.ISO_8859_1);
    assertTrue(head.startsWith("age-encryption.org/v1\n-> X25519 "));
    assertEquals(2, head.split("-> X25519 ", -1).length - 1);
    assertArrayEquals(HELLO, Age.decrypt(sealed, List.of(a.identity())));
    assertArrayEquals(HELLO, Age.decrypt(sealed, List.of(b.identity())));
  }

  @Test
  void wrongKeyIsNoMatch() {
    byte[] sealed = Age.encrypt(HELLO, List.of(AgeKeyPair.generate(RANDOM).recipient()), false);
    AgeIdentity other = AgeKeyPair.generate(RANDOM).identity();
    assertThrows(AgeNoMatchException.class, () -> Age.decrypt(sealed, List.of(other)));
  }

  @Test
  void passphraseRoundTripsAndAWrongOneIsNoMatch() {
    byte[] sealed = Age.encrypt(HELLO, List.of(AgeRecipient.passphrase("correct horse", 10)), true);
    assertArrayEquals(HELLO, Age.decrypt(sealed, List.of(AgeIdentity.passphrase("correct horse"))));
    assertThrows(AgeNoMatchException.class,
        () -> Age.decrypt(sealed, List.of(AgeIdentity.passphrase("wrong"))));
  }

  @Test
  void postQuantumKeysRoundTripAndEncodeAsAge1pq() {
    AgeKeyPair keys = AgeKeyPair.generatePostQuantum(RANDOM);
    assertTrue(keys.recipient().toString().startsWith("age1pq1"));
    assertEquals(keys.recipient(), AgeRecipient.parse(keys.recipient().toString()));
    byte[] sealed = Age.encrypt(HELLO, List.of(keys.recipient()), false);
    assertArrayEquals(HELLO, Age.decrypt(sealed, List.of(keys.identity())));
    String text = keys.identityFileText(Instant.EPOCH);
    AgeIdentity reread = AgeIdentity.parseIdentities(text, "test").get(0);
    assertArrayEquals(HELLO, Age.decrypt(sealed, List.of(reread)));
  }

  @Test
  void mixingRulesAreEnforcedWhenEncrypting() {
    AgeRecipient classic = AgeKeyPair.generate(RANDOM).recipient();
    AgeRecipient pq = AgeKeyPair.generatePostQuantum(RANDOM).recipient();
    AgeRecipient passphrase = AgeRecipient.passphrase("p", 10);
    assertThrows(IllegalArgumentException.class,
        () -> Age.encrypt(HELLO, List.of(classic, passphrase), false));
    assertThrows(IllegalArgumentException.class,
        () -> Age.encrypt(HELLO, List.of(classic, pq), false));
    assertThrows(IllegalArgumentException.class, () -> Age.encrypt(HELLO, List.of(), false));
    assertThrows(IllegalArgumentException.class, () -> AgeRecipient.passphrase("p", 23));
  }

  @Test
  void identityFileTextHasAgeKeygenShapeAndParsesBack() {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    String text = keys.identityFileText(Instant.parse("2026-11-26T23:35:12.345Z"));
    String[] lines = text.split("\n");
    assertEquals("# created: 2026-11-26T23:35:12Z", lines[0]);
    assertEquals("# public key: " + keys.recipient(), lines[1]);
    assertTrue(lines[2].startsWith("AGE-SECRET-KEY-1") && lines[2].length() == 74, lines[2]);
    assertEquals(keys.recipient().toString().length(), 62);
    AgeIdentity parsed = AgeIdentity.parse(lines[2]);
    assertEquals(keys.recipient(), parsed.recipient());
    assertEquals(keys.recipient(), AgeRecipient.parse(keys.recipient().toString()));
  }

  @Test
  void toStringNeverShowsTheSecretKey() {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    String secretLine = keys.identityFileText(Instant.EPOCH).split("\n")[2];
    String secretData = secretLine.substring("AGE-SECRET-KEY-1".length());
    assertFalse(keys.toString().contains(secretData));
    assertFalse(keys.identity().toString().contains(secretData));
    assertFalse(AgeIdentity.passphrase("hunter2").toString().contains("hunter2"));
    assertFalse(AgeRecipient.passphrase("hunter2").toString().contains("hunter2"));
  }

  @Test
  void malformedKeysFailWithoutEchoingTheInput() {
    String bad = "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ";
    AgeKeyException e = assertThrows(AgeKeyException.class, () -> AgeIdentity.parse(bad));
    assertFalse(e.getMessage().contains("QQQQ"));
    assertThrows(AgeKeyException.class, () -> AgeRecipient.parse("age1notakey"));
    String identity = AgeKeyPair.generate(RANDOM).identityFileText(Instant.EPOCH).split("\n")[2];
    assertThrows(AgeKeyException.class, () -> AgeRecipient.parse(identity));
    assertThrows(AgeKeyException.class, () -> AgeIdentity.parse(identity.toLowerCase()),
        "the identity HRP is case-sensitive upper case");
  }

  @Test
  void identityFileSkipsCommentsAndBlankLinesAndNamesTheBadLine() {
    AgeKeyPair a = AgeKeyPair.generate(RANDOM);
    AgeKeyPair b = AgeKeyPair.generate(RANDOM);
    String text = a.identityFileText(Instant.EPOCH) + "\n   \n" + b.identityFileText(Instant.EPOCH);
    List<AgeIdentity> ids = AgeIdentity.parseIdentities(text, "keys.txt");
    assertEquals(List.of(a.recipient(), b.recipient()),
        List.of(ids.get(0).recipient(), ids.get(1).recipient()));
    AgeKeyException e = assertThrows(AgeKeyException.class,
        () -> AgeIdentity.parseIdentities("# comment\nnot-a-key\n", "keys.txt"));
    assertTrue(e.getMessage().contains("keys.txt line 2"), e.getMessage());
    assertThrows(AgeKeyException.class, () -> AgeIdentity.parseIdentities("# only\n", "empty"));
  }

  @Test
  void streamingWritesExactChunkMultiplesWithAFullFinalChunk() throws IOException {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    byte[] plain = new byte[2 * 64 * 1024];
    RANDOM.nextBytes(plain);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = Age.encrypt(out, List.of(keys.recipient()), false)) {
      enc.write(plain);
    }
    byte[] sealed = out.toByteArray();
    int headerEnd = new String(sealed, StandardCharsets.ISO_8859_1).indexOf("\n---") + 1;
    headerEnd = new String(sealed, StandardCharsets.ISO_8859_1).indexOf('\n', headerEnd) + 1;
    assertEquals(16 + 2 * (64 * 1024 + 16), sealed.length - headerEnd, "two full chunks, no empty one");
    try (InputStream in = Age.decrypt(new ByteArrayInputStream(sealed), List.of(keys.identity()))) {
      assertArrayEquals(plain, in.readAllBytes());
    }
  }

  @Test
  void emptyPlaintextIsOneEmptyChunk() {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    byte[] sealed = Age.encrypt(new byte[0], List.of(keys.recipient()), false);
    assertArrayEquals(new byte[0], Age.decrypt(sealed, List.of(keys.identity())));
  }

  @Test
  void tamperedPayloadIsAPayloadFailureAndTamperedHeaderAMacFailure() {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    byte[] sealed = Age.encrypt(HELLO, List.of(keys.recipient()), false);
    byte[] payloadFlipped = sealed.clone();
    payloadFlipped[payloadFlipped.length - 1] ^= 1;
    assertThrows(AgePayloadException.class,
        () -> Age.decrypt(payloadFlipped, List.of(keys.identity())));
    // Add a second, foreign stanza: the file key still unwraps, but the MAC covers the header.
    String text = new String(sealed, StandardCharsets.ISO_8859_1);
    String extra = "-> grease arg\n\n";
    int mac = text.indexOf("---");
    byte[] headerChanged = (text.substring(0, mac) + extra + text.substring(mac))
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(AgeMacException.class,
        () -> Age.decrypt(headerChanged, List.of(keys.identity())));
  }

  @Test
  void armorHelpersRoundTripAndRejectLowercase() throws IOException {
    byte[] data = new byte[100];
    RANDOM.nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream armor = AgeArmor.armor(out)) {
      armor.write(data);
    }
    String text = out.toString(StandardCharsets.US_ASCII);
    assertArrayEquals(data, AgeArmor.dearmor(
        new ByteArrayInputStream(out.toByteArray())).readAllBytes());
    byte[] lower = text.replace("BEGIN AGE", "BEGIN age").getBytes(StandardCharsets.US_ASCII);
    assertThrows(AgeArmorException.class,
        () -> AgeArmor.dearmor(new ByteArrayInputStream(lower)).readAllBytes());
  }

  @Test
  void decryptionReleasesEachChunkBeforeReadingTheRestOfTheFile() throws IOException {
    AgeKeyPair keys = AgeKeyPair.generate(RANDOM);
    int chunks = 10;
    byte[] sealed = Age.encrypt(new byte[chunks * 64 * 1024], List.of(keys.recipient()), false);
    long[] consumed = {0};
    InputStream counting = new java.io.FilterInputStream(new ByteArrayInputStream(sealed)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        consumed[0] += b < 0 ? 0 : 1;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        consumed[0] += Math.max(0, n);
        return n;
      }
    };
    try (InputStream in = Age.decrypt(counting, List.of(keys.identity()))) {
      assertEquals(64 * 1024, in.readNBytes(64 * 1024).length);
      // Header, nonce and at most the next chunk or two of read-ahead: not the whole file.
      assertTrue(consumed[0] < 4L * (64 * 1024 + 16), "read " + consumed[0] + " bytes");
    }
  }

  @Test
  void lowOrderRecipientIsRefusedWithAKeyError() {
    AgeRecipient lowOrder = AgeRecipient.parse(
        "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z");
    assertThrows(AgeKeyException.class, () -> Age.encrypt(HELLO, List.of(lowOrder), false));
  }

  @Test
  void postQuantumRecipientFailingTheMlKemKeyCheckIsAKeyError() {
    byte[] allOnes = new byte[1216];
    java.util.Arrays.fill(allOnes, (byte) 0xff);
    String encoded = Bech32.encode("age1pq", allOnes);
    assertThrows(AgeKeyException.class, () -> AgeRecipient.parse(encoded));
  }
}
