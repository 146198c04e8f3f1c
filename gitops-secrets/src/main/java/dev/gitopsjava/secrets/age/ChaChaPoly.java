package dev.gitopsjava.secrets.age;

import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * ChaCha20-Poly1305 (IETF, 12-byte nonce) from Bouncy Castle, a fresh cipher object per call: age
 * reuses the zero nonce with single-use wrap keys, which the JCE cipher would refuse.
 */
final class ChaChaPoly {
  static final int TAG_SIZE = 16;
  static final byte[] ZERO_NONCE = new byte[12];

  private ChaChaPoly() {}

  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext) {
    return seal(key, nonce, plaintext, 0, plaintext.length);
  }

  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, int offset, int length) {
    ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    cipher.init(true, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, nonce));
    byte[] out = new byte[length + TAG_SIZE];
    int n = cipher.processBytes(plaintext, offset, length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
    return out;
  }

  /** Opens {@code length} bytes of ciphertext into {@code out}, or returns empty if the tag fails. */
  static Optional<Integer> open(
      byte[] key, byte[] nonce, byte[] ciphertext, int offset, int length, byte[] out) {
    if (length < TAG_SIZE) {
      return Optional.empty();
    }
    ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    cipher.init(false, new AEADParameters(new KeyParameter(key), TAG_SIZE * 8, nonce));
    try {
      int n = cipher.processBytes(ciphertext, offset, length, out, 0);
      n += cipher.doFinal(out, n);
      return Optional.of(n);
    } catch (InvalidCipherTextException e) {
      return Optional.empty();
    }
  }

  static Optional<byte[]> open(byte[] key, byte[] nonce, byte[] ciphertext) {
    byte[] out = new byte[Math.max(0, ciphertext.length - TAG_SIZE)];
    return open(key, nonce, ciphertext, 0, ciphertext.length, out).map(n -> out);
  }
}
