package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.SealingTarget;
import dev.gitopsjava.secrets.SecretSealer;
import java.util.Map;

/**
 * The {@code sealed-secrets} {@link SecretSealer} for {@link java.util.ServiceLoader}; code that
 * knows it wants Sealed Secrets uses {@link SealedSecrets#seal} directly.
 *
 * <p>The target's keys supply the controller certificate (PEM); the one option is {@code scope}
 * ({@code strict}, {@code namespace-wide}, {@code cluster-wide}; default: the Secret's annotations).
 */
public final class SealedSecretsSealer implements SecretSealer {
  /** The option naming the scope. */
  public static final String SCOPE_OPTION = "scope";

  /** For {@link java.util.ServiceLoader}. */
  public SealedSecretsSealer() {}

  @Override
  public String format() {
    return SealedSecrets.FORMAT;
  }

  @Override
  public Manifest seal(Manifest secret, SealingTarget target) {
    for (String option : target.options().keySet()) {
      if (!option.equals(SCOPE_OPTION)) {
        throw new SealingException("sealed-secrets: unknown option '" + option + "' (known: scope)");
      }
    }
    SealCommand command = SealedSecrets.seal(secret).certificate(ControllerCertificate.read(target.keys()));
    for (Map.Entry<String, String> option : target.options().entrySet()) {
      try {
        command.scope(SealingScope.parse(option.getValue()));
      } catch (IllegalArgumentException e) {
        throw new SealingException("sealed-secrets: option scope: " + e.getMessage(), e);
      }
    }
    return command.call();
  }
}
