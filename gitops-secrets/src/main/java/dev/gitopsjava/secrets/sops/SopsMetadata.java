package dev.gitopsjava.secrets.sops;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code sops} block of an encrypted file, as far as this library uses it. Nothing in it is
 * secret: the data key is only present wrapped, the MAC only encrypted.
 *
 * @param ageKeys the age recipients and their wrapped data keys (of the single key group)
 * @param keyGroups how many key groups the file has (more than one means Shamir secret sharing)
 * @param otherKeyTypes the other master key types that have entries ({@code pgp}, {@code kms}, ...)
 * @param lastModified the {@code lastmodified} time as written
 * @param mac the encrypted MAC ({@code ENC[...]})
 * @param rules the selection rule, if the file names one (SOPS always writes one)
 * @param macOnlyEncrypted whether clear-text values are left out of the MAC
 * @param version the SOPS version that wrote the file, {@code ""} if absent
 */
public record SopsMetadata(
    List<SopsAgeKey> ageKeys,
    int keyGroups,
    List<String> otherKeyTypes,
    String lastModified,
    String mac,
    Optional<SopsRules> rules,
    boolean macOnlyEncrypted,
    String version) {

  /** Checks the components. */
  public SopsMetadata {
    ageKeys = List.copyOf(ageKeys);
    otherKeyTypes = List.copyOf(otherKeyTypes);
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(version, "version");
  }

  /** The age recipients of the file, in order. */
  public List<String> recipients() {
    return ageKeys.stream().map(SopsAgeKey::recipient).toList();
  }
}
