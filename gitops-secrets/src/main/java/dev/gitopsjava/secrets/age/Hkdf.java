package dev.gitopsjava.secrets.age;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.jspecify.annotations.Nullable;

/** HKDF-SHA-256 (Bouncy Castle), the only key derivation age uses besides scrypt. */
final class Hkdf {
  private Hkdf() {}

  /** {@code length} bytes of HKDF-SHA-256; a null salt is RFC 5869's "not provided". */
  static byte[] sha256(byte[] ikm, byte @Nullable [] salt, String info, int length) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }
}
