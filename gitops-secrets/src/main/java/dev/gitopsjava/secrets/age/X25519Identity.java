package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/** An {@code AGE-SECRET-KEY-1…} identity: opens {@code X25519} stanzas. */
final class X25519Identity extends AgeIdentity {
  static final String HRP = "AGE-SECRET-KEY-";

  private final X25519PrivateKeyParameters secretKey;
  private final X25519Recipient recipient;

  private X25519Identity(byte[] secretKey) {
    this.secretKey = new X25519PrivateKeyParameters(secretKey, 0);
    this.recipient = X25519Recipient.fromPublicKey(this.secretKey.generatePublicKey().getEncoded());
  }

  static X25519Identity fromSecretKey(byte[] secretKey, String where) {
    if (secretKey.length != 32) {
      throw new AgeKeyException("malformed age identity in " + where + ": " + secretKey.length
          + " key bytes, expected 32");
    }
    return new X25519Identity(secretKey);
  }

  static X25519Identity generate(SecureRandom random) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return new X25519Identity(secret);
  }

  @Override
  public AgeRecipient recipient() {
    return recipient;
  }

  @Override
  public String type() {
    return X25519Recipient.TYPE;
  }

  @Override
  Optional<byte[]> unwrap(List<Stanza> stanzas) {
    byte[] ourPublicKey = recipient.publicKey();
    for (Stanza stanza : stanzas) {
      if (!stanza.type().equals(X25519Recipient.TYPE)) {
        continue;
      }
      if (stanza.args().size() != 1) {
        throw new AgeHeaderException("malformed X25519 stanza: " + stanza.args().size()
            + " arguments, expected 1");
      }
      byte[] share = HeaderBase64.decode(stanza.args().get(0))
          .filter(b -> b.length == 32)
          .orElseThrow(() -> new AgeHeaderException(
              "malformed X25519 stanza: the share is not 32 bytes of canonical base64"));
      if (stanza.body().length != FileKey.WRAPPED_SIZE) {
        throw new AgeHeaderException("malformed X25519 stanza: body has " + stanza.body().length
            + " bytes, expected " + FileKey.WRAPPED_SIZE);
      }
      byte[] secret = X25519.sharedSecret(secretKey, share).orElseThrow(() ->
          new AgeHeaderException("malformed X25519 stanza: the share is a low-order point"));
      byte[] wrapKey = Hkdf.sha256(secret, X25519.concat(share, ourPublicKey),
          X25519Recipient.LABEL, 32);
      Optional<byte[]> fileKey = FileKey.unwrap(wrapKey, stanza.body(), X25519Recipient.TYPE);
      if (fileKey.isPresent()) {
        return fileKey;
      }
    }
    return Optional.empty();
  }

  /** The secret key string; only {@link AgeKeyPair} writes it out, into an identity file. */
  String encodedSecret() {
    return Bech32.encode(HRP, secretKey.getEncoded()).toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "AgeIdentity[X25519, recipient " + recipient + "]";
  }
}
