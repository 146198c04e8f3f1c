package dev.gitopsjava.secrets.sops;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 32-byte AES-256 key a SOPS file's values are encrypted with. Holds its own copy; {@link
 * #destroy()} zeroes it. {@code toString} never shows the key.
 */
final class DataKey implements AutoCloseable {
  static final int LENGTH = 32;
  private final byte[] key;

  DataKey(byte[] key) {
    if (key.length != LENGTH) {
      throw new SopsKeyException("a SOPS data key must be " + LENGTH + " bytes, got " + key.length);
    }
    this.key = key.clone();
  }

  static DataKey generate(SecureRandom random) {
    byte[] k = new byte[LENGTH];
    random.nextBytes(k);
    try {
      return new DataKey(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  SecretKeySpec aesKey() {
    return new SecretKeySpec(key, "AES");
  }

  /** A copy of the key bytes, for wrapping it to recipients; the caller zeroes it. */
  byte[] bytes() {
    return key.clone();
  }

  void destroy() {
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "DataKey[redacted]";
  }
}
