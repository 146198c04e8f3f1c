package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.SealingTarget;
import dev.gitopsjava.secrets.SecretSealer;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code sops} {@link SecretSealer} for {@link java.util.ServiceLoader}: encrypts a Secret for
 * the age recipients in the target's keys ({@code age1…}, one or more per line), leaving
 * {@code apiVersion}, {@code kind} and {@code metadata} readable, as Flux's documentation suggests.
 *
 * <p>Options: one of {@code encrypted_regex} (default {@code ^(data|stringData)$}),
 * {@code unencrypted_regex}, {@code encrypted_suffix}, {@code unencrypted_suffix}; and
 * {@code mac_only_encrypted} ({@code true}/{@code false}).
 */
public final class SopsSecretSealer implements SecretSealer {
  /** The format name shared with {@link SopsSecretOpener}. */
  public static final String FORMAT = "sops";
  /** The rule used when the target names none: only a Secret's data is encrypted. */
  public static final String DEFAULT_ENCRYPTED_REGEX = "^(data|stringData)$";

  /** For {@link java.util.ServiceLoader}. */
  public SopsSecretSealer() {}

  @Override
  public String format() {
    return FORMAT;
  }

  @Override
  public Manifest seal(Manifest secret, SealingTarget target) {
    SopsRules rules = null;
    boolean macOnly = false;
    for (Map.Entry<String, String> option : target.options().entrySet()) {
      if (option.getKey().equals("mac_only_encrypted")) {
        macOnly = Boolean.parseBoolean(option.getValue());
        continue;
      }
      SopsRules.Kind kind = kind(option.getKey());
      if (rules != null) {
        throw new SealingException("sops: use at most one of encrypted_regex, unencrypted_regex, "
            + "encrypted_suffix and unencrypted_suffix");
      }
      try {
        rules = SopsRules.of(kind, option.getValue());
      } catch (IllegalArgumentException e) {
        throw new SealingException("sops: option " + option.getKey() + ": " + e.getMessage(), e);
      }
    }
    if (rules == null) {
      rules = SopsRules.encryptedRegex(DEFAULT_ENCRYPTED_REGEX);
    }
    List<AgeRecipient> recipients = new ArrayList<>();
    for (KeyMaterial k : target.keys().keys()) {
      recipients.addAll(SopsManifests.recipients(k.text(), k.origin()));
    }
    if (recipients.isEmpty()) {
      throw new SopsKeyException("sops: no age recipients in " + target.keys().description());
    }
    SopsEncryptor encryptor = SopsEncryptor.builder().recipients(recipients)
        .rules(rules.withMacOnlyEncrypted(macOnly)).build();
    return SopsManifests.encrypt(secret, encryptor);
  }

  private static SopsRules.Kind kind(String option) {
    for (SopsRules.Kind k : SopsRules.Kind.values()) {
      if (k.metadataKey().equals(option)) {
        return k;
      }
    }
    throw new SealingException("sops: unknown option '" + option + "' (known: encrypted_regex, "
        + "unencrypted_regex, encrypted_suffix, unencrypted_suffix, mac_only_encrypted)");
  }
}
