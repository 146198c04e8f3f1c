package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Someone a file is encrypted to: an X25519 public key ({@code age1…}), a post-quantum hybrid
 * ML-KEM-768 + X25519 public key ({@code age1pq1…}), or a passphrase (scrypt).
 *
 * <pre>{@code
 * AgeRecipient alice = AgeRecipient.parse("age1cyh4jrywdjs8ammd6kc9ed79t4mrf4fnnt9vzz3hsq3vprkp33eqgzknt4");
 * byte[] sealed = Age.encrypt(secret, List.of(alice), true);
 * }</pre>
 *
 * <p>{@link #toString()} of a public-key recipient is its {@code age1…} string; a passphrase
 * recipient never shows its passphrase.
 */
public abstract sealed class AgeRecipient
    permits X25519Recipient, HybridRecipient, ScryptRecipient {

  AgeRecipient() {}

  /**
   * Parses a recipient string: {@code age1…} (X25519) or {@code age1pq1…} (ML-KEM-768 + X25519).
   *
   * @throws AgeKeyException if it is neither (the message does not repeat the string)
   */
  public static AgeRecipient parse(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    String s = encoded.strip();
    Bech32.Decoded decoded = Bech32.decode(s).orElseThrow(() -> new AgeKeyException(
        "malformed age recipient: not valid Bech32 (expected age1… or age1pq1…)"));
    switch (decoded.hrp()) {
      case X25519Recipient.HRP:
        return X25519Recipient.fromPublicKey(decoded.data());
      case HybridRecipient.HRP:
        return HybridRecipient.fromPublicKey(decoded.data());
      default:
        throw new AgeKeyException("unsupported age recipient type (expected age1… or age1pq1…;"
            + " plugin and SSH recipients are not supported)");
    }
  }

  /** A passphrase recipient with the reference implementation's work factor (scrypt logN 18). */
  public static AgeRecipient passphrase(String passphrase) {
    return passphrase(passphrase, ScryptRecipient.DEFAULT_WORK_FACTOR);
  }

  /**
   * A passphrase recipient with scrypt work factor {@code logN} (N = 2^logN, r = 8, p = 1), from 1
   * to {@value ScryptIdentity#MAX_WORK_FACTOR}, the largest a decryptor accepts. A passphrase
   * recipient must be the only recipient of a file.
   */
  public static AgeRecipient passphrase(String passphrase, int workFactor) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (workFactor < 1 || workFactor > ScryptIdentity.MAX_WORK_FACTOR) {
      throw new IllegalArgumentException("scrypt work factor must be between 1 and "
          + ScryptIdentity.MAX_WORK_FACTOR + ", got " + workFactor);
    }
    return new ScryptRecipient(passphrase, workFactor);
  }

  /** The stanza type this recipient writes: {@code X25519}, {@code mlkem768x25519} or {@code scrypt}. */
  public abstract String type();

  /** Wraps the file key into this recipient's stanza. */
  abstract Stanza wrap(byte[] fileKey, SecureRandom random);
}
