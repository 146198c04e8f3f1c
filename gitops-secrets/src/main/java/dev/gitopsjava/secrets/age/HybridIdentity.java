package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.pqc.crypto.xwing.XWingPrivateKeyParameters;

/** An {@code AGE-SECRET-KEY-PQ-1…} identity: opens {@code mlkem768x25519} stanzas. */
final class HybridIdentity extends AgeIdentity {
  static final String HRP = "AGE-SECRET-KEY-PQ-";

  private final XWingPrivateKeyParameters secretKey;
  private final HybridRecipient recipient;

  private HybridIdentity(byte[] seed) {
    this.secretKey = new XWingPrivateKeyParameters(seed);
    this.recipient =
        HybridRecipient.fromPublicKey(secretKey.getPublicKeyParameters().getEncoded());
  }

  static HybridIdentity fromSeed(byte[] seed, String where) {
    if (seed.length != HybridKem.SEED_SIZE) {
      throw new AgeKeyException("malformed age identity in " + where + ": " + seed.length
          + " key bytes, expected " + HybridKem.SEED_SIZE);
    }
    return new HybridIdentity(seed);
  }

  static HybridIdentity generate(SecureRandom random) {
    byte[] seed = new byte[HybridKem.SEED_SIZE];
    random.nextBytes(seed);
    return new HybridIdentity(seed);
  }

  @Override
  public AgeRecipient recipient() {
    return recipient;
  }

  @Override
  public String type() {
    return HybridKem.TYPE;
  }

  @Override
  Optional<byte[]> unwrap(List<Stanza> stanzas) {
    AsymmetricCipherKeyPair keyPair =
        new AsymmetricCipherKeyPair(secretKey.getPublicKeyParameters(), secretKey);
    for (Stanza stanza : stanzas) {
      if (!stanza.type().equals(HybridKem.TYPE)) {
        continue;
      }
      if (stanza.args().size() != 1) {
        throw new AgeHeaderException("malformed mlkem768x25519 stanza: " + stanza.args().size()
            + " arguments, expected 1");
      }
      byte[] enc = HeaderBase64.decode(stanza.args().get(0))
          .filter(b -> b.length == HybridKem.ENC_SIZE)
          .orElseThrow(() -> new AgeHeaderException("malformed mlkem768x25519 stanza: the"
              + " encapsulation is not " + HybridKem.ENC_SIZE + " bytes of canonical base64"));
      if (stanza.body().length != FileKey.WRAPPED_SIZE) {
        throw new AgeHeaderException("malformed mlkem768x25519 stanza: body has "
            + stanza.body().length + " bytes, expected " + FileKey.WRAPPED_SIZE);
      }
      byte[] fileKey;
      try {
        fileKey = HybridKem.hpke().open(enc, keyPair, HybridKem.INFO, HybridKem.NO_AAD,
            stanza.body(), null, null, null);
      } catch (InvalidCipherTextException wrongKey) {
        continue;
      } catch (IllegalStateException | IllegalArgumentException allZeroX25519) {
        // Bouncy Castle refuses an all-zero X25519 secret (identity or low-order share).
        throw new AgeHeaderException(
            "malformed mlkem768x25519 stanza: the X25519 share is a low-order point");
      }
      if (fileKey.length == FileKey.SIZE) {
        return Optional.of(fileKey);
      }
    }
    return Optional.empty();
  }

  /** The secret key string; only {@link AgeKeyPair} writes it out, into an identity file. */
  String encodedSecret() {
    return Bech32.encode(HRP, secretKey.getSeed()).toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    String r = recipient.toString();
    return "AgeIdentity[mlkem768x25519, recipient " + r.substring(0, 16) + "…]";
  }
}
