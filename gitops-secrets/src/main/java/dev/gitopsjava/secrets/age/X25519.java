package dev.gitopsjava.secrets.age;

import java.util.Optional;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

/** X25519 key agreement (Bouncy Castle) with age's rule that an all-zero secret is refused. */
final class X25519 {
  private X25519() {}

  /** The shared secret, or empty when it is all zeros (a low-order or identity point). */
  static Optional<byte[]> sharedSecret(X25519PrivateKeyParameters privateKey, byte[] publicKey) {
    X25519Agreement agreement = new X25519Agreement();
    agreement.init(privateKey);
    byte[] secret = new byte[agreement.getAgreementSize()];
    try {
      agreement.calculateAgreement(new X25519PublicKeyParameters(publicKey, 0), secret, 0);
    } catch (IllegalStateException allZero) {
      return Optional.empty();
    }
    int or = 0;
    for (byte b : secret) {
      or |= b;
    }
    return or == 0 ? Optional.empty() : Optional.of(secret);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
