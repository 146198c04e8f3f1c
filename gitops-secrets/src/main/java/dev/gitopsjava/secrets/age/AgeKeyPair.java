package dev.gitopsjava.secrets.age;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A freshly generated identity and its recipient, as {@code age-keygen} makes them.
 *
 * <pre>{@code
 * AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
 * Files.writeString(keyFile, keys.identityFileText(Instant.now()));   // keep it secret
 * String publicKey = keys.recipient().toString();                     // age1…, share it
 * }</pre>
 */
public record AgeKeyPair(AgeIdentity identity, AgeRecipient recipient) {

  /** Checks that the recipient is the identity's own, and that the identity is a key. */
  public AgeKeyPair {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(recipient, "recipient");
    if (identity instanceof ScryptIdentity) {
      throw new IllegalArgumentException("a passphrase is not a key pair");
    }
    if (!identity.recipient().equals(recipient)) {
      throw new IllegalArgumentException("the recipient is not the identity's public key");
    }
  }

  /** A new X25519 key pair ({@code age1…} / {@code AGE-SECRET-KEY-1…}). */
  public static AgeKeyPair generate(SecureRandom random) {
    AgeIdentity identity = X25519Identity.generate(Objects.requireNonNull(random, "random"));
    return new AgeKeyPair(identity, identity.recipient());
  }

  /** A new post-quantum hybrid key pair ({@code age1pq1…} / {@code AGE-SECRET-KEY-PQ-1…}). */
  public static AgeKeyPair generatePostQuantum(SecureRandom random) {
    AgeIdentity identity = HybridIdentity.generate(Objects.requireNonNull(random, "random"));
    return new AgeKeyPair(identity, identity.recipient());
  }

  /**
   * The identity file {@code age-keygen} writes: a {@code # created:} comment, a {@code # public
   * key:} comment and the secret key line. This is the one place the secret key leaves the
   * library; write it only to a protected file.
   */
  public String identityFileText(Instant created) {
    String secret = identity instanceof X25519Identity x
        ? x.encodedSecret()
        : ((HybridIdentity) identity).encodedSecret();
    return "# created: " + created.truncatedTo(ChronoUnit.SECONDS) + "\n"
        + "# public key: " + recipient + "\n"
        + secret + "\n";
  }
}
