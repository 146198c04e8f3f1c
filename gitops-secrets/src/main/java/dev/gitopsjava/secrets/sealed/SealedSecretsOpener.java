package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.SecretOpener;

/**
 * The {@code sealed-secrets} {@link SecretOpener} for {@link java.util.ServiceLoader}: opens a
 * SealedSecret with the private keys in the key source (PEM or the controller's key Secrets).
 */
public final class SealedSecretsOpener implements SecretOpener {

  /** For {@link java.util.ServiceLoader}. */
  public SealedSecretsOpener() {}

  @Override
  public String format() {
    return SealedSecrets.FORMAT;
  }

  @Override
  public boolean canOpen(Manifest manifest) {
    return SealedSecrets.isSealedSecret(manifest);
  }

  @Override
  public Manifest open(Manifest sealed, KeySource keys) {
    return SealedSecrets.unseal(sealed).keys(SealingKeys.from(keys)).call();
  }
}
