package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import java.util.Objects;

/**
 * Bitnami Sealed Secrets, the porcelain: each method returns a single-use command.
 *
 * <pre>{@code
 * ControllerCertificate cert = ControllerCertificate.read(KeySource.file(Path.of("cert.pem")));
 * Manifest sealed = SealedSecrets.seal(secret).certificate(cert).scope(SealingScope.STRICT).call();
 * String yaml = SealedSecrets.toYaml(sealed);               // as kubeseal --format yaml writes it
 *
 * SealingKeys keys = SealingKeys.from(KeySource.file(Path.of("key.pem")));
 * Manifest secretAgain = SealedSecrets.unseal(sealed).keys(keys).call();
 * }</pre>
 */
public final class SealedSecrets {
  /** The format name in the {@link dev.gitopsjava.secrets.SecretSealer} registry. */
  public static final String FORMAT = "sealed-secrets";
  /** The SealedSecret's {@code apiVersion}. */
  public static final String API_VERSION = SealedSecretDocument.API_VERSION;
  /** The SealedSecret's {@code kind}. */
  public static final String KIND = SealedSecretDocument.KIND;

  private SealedSecrets() {}

  /** Seals a {@code v1 Secret} into a SealedSecret. */
  public static SealCommand seal(Manifest secret) {
    return new SealCommand(Objects.requireNonNull(secret, "secret"));
  }

  /** Adds or replaces items in an existing SealedSecret, like {@code kubeseal --merge-into}. */
  public static MergeCommand mergeInto(Manifest sealedSecret) {
    return new MergeCommand(SealedSecretDocument.read(Objects.requireNonNull(sealedSecret, "sealedSecret")));
  }

  /** Unseals a SealedSecret into its {@code v1 Secret}, the controller's side. */
  public static UnsealCommand unseal(Manifest sealedSecret) {
    return new UnsealCommand(SealedSecretDocument.read(Objects.requireNonNull(sealedSecret, "sealedSecret")));
  }

  /** True if {@code manifest} is a SealedSecret (by apiVersion group and kind). */
  public static boolean isSealedSecret(Manifest manifest) {
    return SealedSecretDocument.isSealedSecret(manifest);
  }

  /**
   * Reads a SealedSecret from YAML or JSON and checks its shape (no decryption).
   *
   * @throws dev.gitopsjava.secrets.MalformedInputException naming the origin and field
   */
  public static Manifest readSealedSecret(String yaml, String origin) {
    return SealedSecretDocument.parse(yaml, new ManifestOrigin(origin, 0)).manifest();
  }

  /**
   * Reads a Secret from YAML or JSON. Errors give the line, never the text, which may be secret.
   *
   * @throws dev.gitopsjava.secrets.MalformedInputException naming the origin
   */
  public static Manifest readSecret(String yaml, String origin) {
    return ManifestInput.parse(yaml, new ManifestOrigin(origin, 0), "Secret");
  }

  /** The manifest as {@code kubeseal --format yaml} writes it (sorted keys, plain scalars). */
  public static String toYaml(Manifest manifest) {
    return KubesealYaml.write(manifest.tree());
  }
}
