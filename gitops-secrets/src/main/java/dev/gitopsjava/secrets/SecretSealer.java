package dev.gitopsjava.secrets;

import dev.gitopsjava.core.model.Manifest;

/**
 * Seals a Kubernetes Secret into a manifest that is safe to commit, for one format (Sealed Secrets,
 * SOPS, ...). Found with {@link java.util.ServiceLoader} through {@link SecretSealers}; the matching
 * {@link SecretOpener} of the same {@link #format()} turns the result back.
 *
 * <p>Implementations are thread-safe and stateless between calls. They never put plaintext in
 * exceptions, logs or temporary files.
 *
 * <pre>{@code
 * SecretSealer sealer = SecretSealers.load().sealer("sealed-secrets").orElseThrow();
 * Manifest sealed = sealer.seal(secret, SealingTarget.of(KeySource.file(Path.of("cert.pem"))));
 * }</pre>
 */
public interface SecretSealer {

  /** The format's short name, e.g. {@code sealed-secrets}, {@code sops}, {@code age}. */
  String format();

  /** Among providers of the same format, the highest priority wins. */
  default int priority() {
    return 0;
  }

  /**
   * Seals {@code secret} (a {@code v1 Secret}) for {@code target}.
   *
   * @throws SealingException (a subtype) if the secret is not sealable or the target's keys are
   *     unusable; the message names the resource and field, never a value
   */
  Manifest seal(Manifest secret, SealingTarget target);
}
