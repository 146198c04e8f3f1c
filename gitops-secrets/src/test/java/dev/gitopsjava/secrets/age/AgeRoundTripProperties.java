package dev.gitopsjava.secrets.age;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Round trips for arbitrary data: encrypt then decrypt is the identity (binary and armored, with
 * arbitrary write and read sizes, sizes clustered around the 64 KiB chunk boundaries), and armor
 * then dearmor is the identity with lines of at most 64 columns.
 */
class AgeRoundTripProperties {
  private static final int CHUNK = 64 * 1024;
  private static final AgeKeyPair KEYS = AgeKeyPair.generate(new SecureRandom());

  /** Sizes near 0, 1, 2 and 3 chunks, mixed with any size up to three chunks. */
  static Gen<Integer> sizes() {
    Gen<Integer> nearBoundary = Generate.pick(List.of(0, 1, 2, 3)).flatMap(
        chunks -> integers().between(-2, 2).map(d -> Math.max(0, chunks * CHUNK + d)));
    return nearBoundary.mix(integers().between(0, 3 * CHUNK), 40);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void encryptThenDecryptIsIdentity() {
    qt().withExamples(60).forAll(sizes(), longs().all(), booleans().all())
        .checkAssert((size, seed, armor) -> {
          byte[] plain = bytes(size, seed);
          Random split = new Random(seed ^ 0x5DEECE66DL);
          byte[] sealed = encryptInPieces(plain, armor, split);
          byte[] opened = decryptInPieces(sealed, split);
          if (!Arrays.equals(plain, opened)) {
            throw new AssertionError("round trip changed " + size + " bytes (armor " + armor + ")");
          }
          boolean looksArmored = new String(sealed, 0, 10, StandardCharsets.ISO_8859_1)
              .startsWith("-----BEGIN");
          if (looksArmored != armor) {
            throw new AssertionError("armor flag " + armor + " not honoured");
          }
        });
  }

  @Test
  void armorThenDearmorIsIdentity() {
    qt().withExamples(200).forAll(integers().between(0, 5000), longs().all())
        .checkAssert((size, seed) -> {
          byte[] data = bytes(size, seed);
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          byte[] back;
          try {
            try (OutputStream armor = AgeArmor.armor(out)) {
              armor.write(data);
            }
            back = AgeArmor.dearmor(new ByteArrayInputStream(out.toByteArray())).readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (!Arrays.equals(data, back)) {
            throw new AssertionError("armor round trip changed " + size + " bytes");
          }
          for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
            if (line.length() > 64 && !line.startsWith("-----")) {
              throw new AssertionError("armor line of " + line.length() + " columns");
            }
          }
        });
  }

  private static byte[] encryptInPieces(byte[] plain, boolean armor, Random split) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = Age.encrypt(out, List.of(KEYS.recipient()), armor)) {
      int off = 0;
      while (off < plain.length) {
        int n = Math.min(plain.length - off, 1 + split.nextInt(CHUNK + 100));
        enc.write(plain, off, n);
        off += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] decryptInPieces(byte[] sealed, Random split) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream dec = Age.decrypt(new ByteArrayInputStream(sealed),
        List.of(KEYS.identity()))) {
      byte[] buffer = new byte[CHUNK + 100];
      for (int n; (n = dec.read(buffer, 0, 1 + split.nextInt(buffer.length))) >= 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
