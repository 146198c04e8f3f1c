package dev.gitopsjava.secrets.age;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something that opens files: an X25519 secret key ({@code AGE-SECRET-KEY-1…}), a hybrid
 * ML-KEM-768 + X25519 secret key ({@code AGE-SECRET-KEY-PQ-1…}) or a passphrase.
 *
 * <pre>{@code
 * List<AgeIdentity> ids = AgeIdentity.readIdentityFile(Path.of("key.txt"));
 * byte[] secret = Age.decrypt(sealed, ids);
 * }</pre>
 *
 * <p>{@link #toString()} shows the type and public key only, never the secret.
 */
public abstract sealed class AgeIdentity permits X25519Identity, HybridIdentity, ScryptIdentity {

  AgeIdentity() {}

  /**
   * Parses one secret key string: {@code AGE-SECRET-KEY-1…} or {@code AGE-SECRET-KEY-PQ-1…}.
   *
   * @throws AgeKeyException if it is neither (the message never repeats the string)
   */
  public static AgeIdentity parse(String encoded) {
    Objects.requireNonNull(encoded, "encoded");
    return parse(encoded.strip(), "age identity");
  }

  /** An identity that opens files encrypted to this passphrase (scrypt work factor up to 22). */
  public static AgeIdentity passphrase(String passphrase) {
    return passphrase(passphrase, ScryptIdentity.MAX_WORK_FACTOR);
  }

  /**
   * A passphrase identity that refuses files whose scrypt work factor is above {@code
   * maxWorkFactor} (at most 22). scrypt needs 2^(logN + 10) bytes of memory: 4 GiB at 22, 256 MiB
   * at the usual 18, so a server opening untrusted files may want a lower cap.
   */
  public static AgeIdentity passphrase(String passphrase, int maxWorkFactor) {
    Objects.requireNonNull(passphrase, "passphrase");
    if (maxWorkFactor < 1 || maxWorkFactor > ScryptIdentity.MAX_WORK_FACTOR) {
      throw new IllegalArgumentException("maximum scrypt work factor must be between 1 and "
          + ScryptIdentity.MAX_WORK_FACTOR + ", got " + maxWorkFactor);
    }
    return new ScryptIdentity(passphrase, maxWorkFactor);
  }

  /**
   * Reads an identity file as {@code age-keygen} writes it: one secret key per line, {@code #}
   * comment lines and blank lines ignored.
   *
   * @throws AgeKeyException naming the file and line of a malformed key, or if it holds none
   * @throws IOException if the file cannot be read
   */
  public static List<AgeIdentity> readIdentityFile(Path file) throws IOException {
    return parseIdentities(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses identity-file text (for example from an environment variable such as
   * {@code SOPS_AGE_KEY}); {@code sourceName} names the source in error messages.
   */
  public static List<AgeIdentity> parseIdentities(String text, String sourceName) {
    List<AgeIdentity> identities = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      identities.add(parse(line, sourceName + " line " + (i + 1)));
    }
    if (identities.isEmpty()) {
      throw new AgeKeyException("no age identities found in " + sourceName);
    }
    return List.copyOf(identities);
  }

  private static AgeIdentity parse(String s, String where) {
    Bech32.Decoded decoded = Bech32.decode(s).orElseThrow(() -> new AgeKeyException(
        "malformed age identity in " + where + ": not valid Bech32"
            + " (expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)"));
    switch (decoded.hrp()) {
      case X25519Identity.HRP:
        return X25519Identity.fromSecretKey(decoded.data(), where);
      case HybridIdentity.HRP:
        return HybridIdentity.fromSeed(decoded.data(), where);
      default:
        throw new AgeKeyException("unsupported age identity type in " + where
            + " (expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…; plugin and SSH keys are not"
            + " supported)");
    }
  }

  /** The recipient whose files this identity opens. */
  public abstract AgeRecipient recipient();

  /** The stanza type this identity opens: {@code X25519}, {@code mlkem768x25519} or {@code scrypt}. */
  public abstract String type();

  /**
   * Tries to unwrap the file key from the stanzas: empty when none is for this identity (wrong
   * key, other stanza types are ignored).
   *
   * @throws AgeHeaderException when a stanza of this identity's type is malformed
   */
  abstract Optional<byte[]> unwrap(List<Stanza> stanzas);
}
