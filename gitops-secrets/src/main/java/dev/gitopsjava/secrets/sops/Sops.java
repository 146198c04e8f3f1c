package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.util.List;

/**
 * SOPS files with age recipients, interoperable with {@code sops} 3.7 to 3.13 and Flux.
 *
 * <pre>{@code
 * List<AgeIdentity> ids = SopsAgeIdentities.fromEnvironment(System.getenv());
 * byte[] plain = Sops.decrypt(Files.readAllBytes(file), SopsFormat.forFileName(file.toString()), ids);
 *
 * byte[] sealed = Sops.encrypt(plain, SopsFormat.YAML,
 *     SopsRules.encryptedRegex("^(data|stringData)$"), List.of(AgeRecipient.parse("age1...")));
 * }</pre>
 *
 * <p>Errors are {@link dev.gitopsjava.secrets.SealingException} subtypes: {@link
 * SopsFormatException}, {@link SopsKeyException}, {@link SopsIntegrityException}, {@link
 * SopsUnsupportedException}. Messages name paths and recipients, never values or keys.
 */
public final class Sops {
  private Sops() {}

  /**
   * Decrypts a SOPS file; returns nothing unless every value and the MAC verified.
   *
   * @see SopsDocument#decrypt(List)
   */
  public static byte[] decrypt(byte[] content, SopsFormat format,
      List<? extends AgeIdentity> identities) {
    return SopsDocument.read(content, format).decrypt(identities);
  }

  /**
   * Encrypts a plaintext YAML or JSON file for {@code recipients}.
   *
   * @see SopsEncryptor
   */
  public static byte[] encrypt(byte[] plaintext, SopsFormat format, SopsRules rules,
      List<? extends AgeRecipient> recipients) {
    return SopsEncryptor.builder().recipients(recipients).rules(rules).build()
        .encrypt(plaintext, format);
  }
}
