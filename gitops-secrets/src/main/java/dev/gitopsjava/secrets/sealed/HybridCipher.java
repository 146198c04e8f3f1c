package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.SealingException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The controller's hybrid encryption ({@code pkg/crypto/crypto.go}): a fresh AES-256 key per value,
 * wrapped with RSA-OAEP (SHA-256 for both the hash and MGF1, the scope as label); the value sealed
 * with AES-256-GCM under the all-zero nonce (safe: each key seals once). Layout:
 * {@code uint16_be(len(rsa)) || rsa || aes-gcm(ciphertext || tag)}.
 */
final class HybridCipher {
  static final int SESSION_KEY_BYTES = 32;
  private static final int GCM_TAG_BITS = 128;
  private static final int GCM_NONCE_BYTES = 12;

  private HybridCipher() {}

  static byte[] encrypt(RSAPublicKey key, byte[] plaintext, byte[] label, SecureRandom random) {
    byte[] sessionKey = new byte[SESSION_KEY_BYTES];
    random.nextBytes(sessionKey);
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, oaep(label), random);
      byte[] wrapped = rsa.doFinal(sessionKey);
      // A fresh Cipher per value: the JCE refuses key+nonce reuse on one instance, and each key is new.
      Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"),
          new GCMParameterSpec(GCM_TAG_BITS, new byte[GCM_NONCE_BYTES]));
      byte[] sealed = aes.doFinal(plaintext);
      return ByteBuffer.allocate(2 + wrapped.length + sealed.length)
          .putShort((short) wrapped.length).put(wrapped).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new SealingException("RSA-OAEP/AES-GCM sealing failed: " + e.getClass().getSimpleName(), e);
    } finally {
      Arrays.fill(sessionKey, (byte) 0);
    }
  }

  /** The structural problem of a ciphertext (too short), or empty if it is well-formed. */
  static Optional<String> structuralProblem(byte[] ciphertext) {
    if (ciphertext.length < 2) {
      return Optional.of("ciphertext too short (" + ciphertext.length + " bytes)");
    }
    int rsaLength = ((ciphertext[0] & 0xff) << 8) | (ciphertext[1] & 0xff);
    if (ciphertext.length < 2 + rsaLength) {
      return Optional.of("ciphertext too short for its " + rsaLength + "-byte RSA part");
    }
    return Optional.empty();
  }

  /**
   * Decrypts with the first key that opens the value; empty if none does. Call
   * {@link #structuralProblem} first: a malformed ciphertext also yields empty.
   */
  static Optional<byte[]> decrypt(List<? extends PrivateKey> keys, byte[] ciphertext, byte[] label) {
    if (structuralProblem(ciphertext).isPresent()) {
      return Optional.empty();
    }
    int rsaLength = ((ciphertext[0] & 0xff) << 8) | (ciphertext[1] & 0xff);
    for (PrivateKey key : keys) {
      byte[] sessionKey = null;
      try {
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
        rsa.init(Cipher.DECRYPT_MODE, key, oaep(label));
        sessionKey = rsa.doFinal(ciphertext, 2, rsaLength);
        if (sessionKey.length != SESSION_KEY_BYTES) {
          continue;
        }
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(sessionKey, "AES"),
            new GCMParameterSpec(GCM_TAG_BITS, new byte[GCM_NONCE_BYTES]));
        return Optional.of(aes.doFinal(ciphertext, 2 + rsaLength, ciphertext.length - 2 - rsaLength));
      } catch (GeneralSecurityException e) {
        // Wrong key, wrong label or tampered data: indistinguishable by design; try the next key.
      } finally {
        if (sessionKey != null) {
          Arrays.fill(sessionKey, (byte) 0);
        }
      }
    }
    return Optional.empty();
  }

  private static OAEPParameterSpec oaep(byte[] label) {
    // The JCE default for OAEPWithSHA-256 uses MGF1-SHA-1; Go uses SHA-256 for both, so say so.
    return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, new PSource.PSpecified(label));
  }
}
