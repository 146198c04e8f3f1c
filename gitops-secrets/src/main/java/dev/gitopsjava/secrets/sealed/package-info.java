/**
 * Bitnami Sealed Secrets, byte-compatible with kubeseal and the sealed-secrets controller.
 *
 * <p>Entry points: {@link dev.gitopsjava.secrets.sealed.SealedSecrets} (seal, merge, unseal),
 * {@link dev.gitopsjava.secrets.sealed.ControllerCertificate} (the public key, from PEM or fetched
 * from the cluster), {@link dev.gitopsjava.secrets.sealed.SealingKeys} (the controller's private
 * keys) and {@link dev.gitopsjava.secrets.sealed.SealedSecretsController} (an embeddable controller
 * loop). The format is also available through the {@code sealed-secrets}
 * {@link dev.gitopsjava.secrets.SecretSealer} SPI.
 */
@NullMarked
package dev.gitopsjava.secrets.sealed;

import org.jspecify.annotations.NullMarked;
