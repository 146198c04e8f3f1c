package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/** An {@code age1…} recipient: wraps the file key for an X25519 public key. */
final class X25519Recipient extends AgeRecipient {
  static final String HRP = "age";
  static final String TYPE = "X25519";
  static final String LABEL = "age-encryption.org/v1/X25519";

  private final byte[] publicKey;

  private X25519Recipient(byte[] publicKey) {
    this.publicKey = publicKey.clone();
  }

  static X25519Recipient fromPublicKey(byte[] publicKey) {
    if (publicKey.length != 32) {
      throw new AgeKeyException("malformed age1 recipient: " + publicKey.length
          + " key bytes, expected 32");
    }
    return new X25519Recipient(publicKey);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  Stanza wrap(byte[] fileKey, SecureRandom random) {
    X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(random);
    byte[] share = ephemeral.generatePublicKey().getEncoded();
    byte[] secret = X25519.sharedSecret(ephemeral, publicKey)
        .orElseThrow(() -> new AgeKeyException(
            "age recipient " + this + " is a low-order point and cannot be encrypted to"));
    byte[] wrapKey = Hkdf.sha256(secret, X25519.concat(share, publicKey), LABEL, 32);
    return new Stanza(TYPE, List.of(HeaderBase64.encode(share)), FileKey.wrap(wrapKey, fileKey));
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof X25519Recipient other && java.util.Arrays.equals(publicKey, other.publicKey);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return Bech32.encode(HRP, publicKey);
  }
}
