package dev.gitopsjava.secrets.age;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Hostile age files: whatever the bytes, decryption ends in plaintext or an {@link AgeException}
 * subtype, never another exception or a hang. Memory is bounded by the header limit (1 MiB) and
 * the two 64 KiB chunk buffers, whatever the input size.
 *
 * <p>Seeds in {@code AgeHeaderFuzzTestInputs/} are bodies of C2SP CCTV vectors (0BSD/CC0, see
 * conformance/age-vectors/NOTICE.md) and run in every plain {@code mvn test}. The identities
 * include the CCTV X25519 test key, so seeds reach the MAC and payload code; the passphrase
 * identity caps scrypt at work factor 4 so a fuzzed stanza cannot ask for gigabytes.
 */
class AgeHeaderFuzzTest {
  private static final List<AgeIdentity> IDENTITIES = List.of(
      AgeIdentity.parse(
          "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"),
      AgeIdentity.passphrase("password", 4));

  @FuzzTest(maxDuration = "30s")
  void decryptEndsInPlaintextOrAgeException(byte[] file) throws IOException {
    try (InputStream plaintext = Age.decrypt(new ByteArrayInputStream(file), IDENTITIES)) {
      plaintext.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (AgeException expected) {
      // a typed failure is a correct outcome for hostile input
    }
  }
}
