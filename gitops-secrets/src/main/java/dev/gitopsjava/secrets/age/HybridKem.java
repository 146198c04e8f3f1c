package dev.gitopsjava.secrets.age;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * The HPKE suite of age's {@code mlkem768x25519} stanza: base mode, KEM ML-KEM-768 + X25519
 * (X-Wing, id 0x647a), HKDF-SHA-256, ChaCha20-Poly1305, all from Bouncy Castle.
 */
final class HybridKem {
  static final String TYPE = "mlkem768x25519";
  static final byte[] INFO = "age-encryption.org/mlkem768x25519".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NO_AAD = new byte[0];
  static final int ENC_SIZE = 1088 + 32;
  static final int SEED_SIZE = 32;
  static final int PUBLIC_KEY_SIZE = 1184 + 32;

  private HybridKem() {}

  static HPKE hpke() {
    return new HPKE(HPKE.mode_base, HPKE.kem_X_WING, HPKE.kdf_HKDF_SHA256,
        HPKE.aead_CHACHA20_POLY1305);
  }
}
