package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encrypts plaintext YAML or JSON into a SOPS file that {@code sops} (and Flux) decrypt: values
 * selected by the {@link SopsRules} become {@code ENC[AES256_GCM,...]} with their path as
 * additional data, comments are encrypted too, the data key is wrapped for each age recipient, and
 * the MAC is written with {@code lastmodified}.
 *
 * <pre>{@code
 * SopsEncryptor encryptor = SopsEncryptor.builder()
 *     .recipients(List.of(AgeRecipient.parse("age1...")))
 *     .rules(SopsRules.encryptedRegex("^(data|stringData)$"))
 *     .build();
 * byte[] encrypted = encryptor.encrypt(secretYaml, SopsFormat.YAML);
 * }</pre>
 *
 * <p>{@link #update} re-encrypts an edited file as {@code sops edit} does: same data key, and
 * unchanged values keep their ciphertext, so Git diffs show only what changed.
 */
public final class SopsEncryptor {
  private final List<AgeRecipient> recipients;
  private final SopsRules rules;
  private final Clock clock;
  private final SecureRandom random;

  private SopsEncryptor(Builder b) {
    this.recipients = List.copyOf(b.recipients);
    this.rules = b.rules == null ? SopsRules.defaults() : b.rules;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.random = b.random == null ? new SecureRandom() : b.random;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Encrypts a plaintext document with a new data key.
   *
   * @throws SopsFormatException if the input is malformed, already encrypted, or has a top-level
   *     {@code sops} key
   * @throws SopsUnsupportedException if {@code format} cannot be written
   */
  public byte[] encrypt(byte[] plaintext, SopsFormat format) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(format, "format");
    try (DataKey key = DataKey.generate(random)) {
      ValueCipher cipher = new ValueCipher(key, random);
      return encrypt(plaintext, format, key, cipher, AgeKeyWrap.wrap(key, recipients, random), rules);
    }
  }

  /**
   * Re-encrypts {@code plaintext}, the edited content of {@code previous}, with {@code previous}'s
   * data key and recipients (plus this encryptor's); values unchanged at the same path keep their
   * exact ciphertext. The rules are {@code previous}'s.
   *
   * @throws SopsKeyException if no identity opens {@code previous}
   * @throws SopsIntegrityException if {@code previous} fails its checks
   */
  public byte[] update(byte[] previous, byte[] plaintext, SopsFormat format,
      List<? extends AgeIdentity> identities) {
    SopsDocument old = SopsDocument.read(previous, format);
    try (DataKey key = AgeKeyWrap.unwrap(old.metadata(), identities)) {
      SopsDocument.Decrypted d = old.decryptTree(key);
      SopsRules oldRules = old.metadata().rules().orElse(rules);
      List<SopsAgeKey> wrapped = new java.util.ArrayList<>(old.metadata().ageKeys());
      for (SopsAgeKey added : AgeKeyWrap.wrap(key, recipients.stream()
          .filter(r -> !old.metadata().recipients().contains(r.toString())).toList(), random)) {
        wrapped.add(added);
      }
      return encrypt(plaintext, format, key, d.cipher(), wrapped, oldRules);
    }
  }

  private byte[] encrypt(byte[] plaintext, SopsFormat format, DataKey key, ValueCipher cipher,
      List<SopsAgeKey> wrapped, SopsRules rules) {
    if (!format.canEncrypt()) {
      throw new SopsUnsupportedException("encrypting " + format + " files is not supported "
          + "(YAML and JSON are)");
    }
    if (wrapped.isEmpty()) {
      throw new IllegalStateException("at least one age recipient is needed");
    }
    Store store = format.store();
    SopsFile file = store.read(plaintext);
    if (file.metadata().isPresent()) {
      throw new SopsFormatException("the file is already encrypted (it has a top-level sops key)");
    }
    if (file.documents().isEmpty()) {
      throw new SopsFormatException("the file has no document to encrypt");
    }
    List<TreeBranch> documents = file.documents();
    String macHex = TreeCrypto.forRules(cipher, rules).encrypt(documents);
    String lastModified = MetadataCodec.format(OffsetDateTime.now(clock));
    String mac = TreeCrypto.encryptMac(cipher, macHex, lastModified);
    TreeBranch metadata = MetadataCodec.write(wrapped, lastModified, mac, rules);
    return store.write(documents, Optional.of(metadata));
  }

  @Override
  public String toString() {
    return "SopsEncryptor[" + recipients.size() + " recipients, " + rules + "]";
  }

  /** Set-once builder; {@link #recipients} is required. */
  public static final class Builder {
    private List<? extends AgeRecipient> recipients = List.of();
    private boolean recipientsSet;
    private SopsRules rules;
    private Clock clock;
    private SecureRandom random;

    private Builder() {}

    /** The age recipients the data key is wrapped for (X25519 or post-quantum, not passphrases). */
    public Builder recipients(List<? extends AgeRecipient> recipients) {
      Objects.requireNonNull(recipients, "recipients");
      if (recipientsSet) {
        throw new IllegalStateException("recipients already set");
      }
      if (recipients.isEmpty()) {
        throw new IllegalArgumentException("at least one age recipient is needed");
      }
      for (AgeRecipient r : recipients) {
        if (r.type().equals("scrypt")) {
          throw new IllegalArgumentException("SOPS files cannot be encrypted to a passphrase");
        }
      }
      this.recipients = recipients;
      this.recipientsSet = true;
      return this;
    }

    /** The selection rule; {@link SopsRules#defaults()} if not set. */
    public Builder rules(SopsRules rules) {
      Objects.requireNonNull(rules, "rules");
      if (this.rules != null) {
        throw new IllegalStateException("rules already set");
      }
      this.rules = rules;
      return this;
    }

    /** The clock for {@code lastmodified}; the system UTC clock if not set. */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      if (this.clock != null) {
        throw new IllegalStateException("clock already set");
      }
      this.clock = clock;
      return this;
    }

    /** The randomness for data keys and IVs; a new {@link SecureRandom} if not set. */
    public Builder random(SecureRandom random) {
      Objects.requireNonNull(random, "random");
      if (this.random != null) {
        throw new IllegalStateException("random already set");
      }
      this.random = random;
      return this;
    }

    /** Builds the {@code SopsEncryptor}. */
    public SopsEncryptor build() {
      if (!recipientsSet) {
        throw new IllegalStateException("recipients are required");
      }
      return new SopsEncryptor(this);
    }
  }
}
