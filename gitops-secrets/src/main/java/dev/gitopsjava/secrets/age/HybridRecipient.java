package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.pqc.crypto.xwing.XWingPublicKeyParameters;

/** An {@code age1pq1…} recipient: wraps the file key with HPKE over ML-KEM-768 + X25519. */
final class HybridRecipient extends AgeRecipient {
  static final String HRP = "age1pq";

  private final byte[] publicKey;
  private final XWingPublicKeyParameters parameters;

  private HybridRecipient(byte[] publicKey, XWingPublicKeyParameters parameters) {
    this.publicKey = publicKey.clone();
    this.parameters = parameters;
  }

  static HybridRecipient fromPublicKey(byte[] publicKey) {
    if (publicKey.length != HybridKem.PUBLIC_KEY_SIZE) {
      throw new AgeKeyException("malformed age1pq1 recipient: " + publicKey.length
          + " key bytes, expected " + HybridKem.PUBLIC_KEY_SIZE);
    }
    try {
      return new HybridRecipient(publicKey, new XWingPublicKeyParameters(publicKey));
    } catch (IllegalArgumentException e) {
      // FIPS 203's encapsulation key check: every coefficient below the modulus.
      throw new AgeKeyException("malformed age1pq1 recipient: not a valid ML-KEM-768 key");
    }
  }

  @Override
  public String type() {
    return HybridKem.TYPE;
  }

  @Override
  Stanza wrap(byte[] fileKey, SecureRandom random) {
    // The HPKE sender draws its ephemeral keys from Bouncy Castle's default SecureRandom.
    HPKE hpke = HybridKem.hpke();
    try {
      byte[][] sealed = hpke.seal(parameters, HybridKem.INFO,
          HybridKem.NO_AAD, fileKey, null, null, null);
      return new Stanza(HybridKem.TYPE, List.of(HeaderBase64.encode(sealed[1])), sealed[0]);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("HPKE seal failed", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HybridRecipient other && Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return Bech32.encode(HRP, publicKey);
  }
}
