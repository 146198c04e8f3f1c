/**
 * Secret sealers: the SPI shared by every format and its registry.
 *
 * <ul>
 *   <li>{@link dev.gitopsjava.secrets.SecretSealer} seals a Secret for a
 *       {@link dev.gitopsjava.secrets.SealingTarget}; {@link dev.gitopsjava.secrets.SecretOpener}
 *       opens it again. Both are found with {@link java.util.ServiceLoader} by
 *       {@link dev.gitopsjava.secrets.SecretSealers}.
 *   <li>{@link dev.gitopsjava.secrets.KeySource} supplies {@link dev.gitopsjava.secrets.KeyMaterial}:
 *       files, environment variables, material fetched from a cluster.
 *   <li>Errors: {@link dev.gitopsjava.secrets.SealingException} and its subtypes
 *       {@link dev.gitopsjava.secrets.KeyMaterialException},
 *       {@link dev.gitopsjava.secrets.NoMatchingKeyException},
 *       {@link dev.gitopsjava.secrets.MalformedInputException}.
 * </ul>
 *
 * <p>Formats live in sub-packages: {@code sealed} (Bitnami Sealed Secrets), {@code sops}, {@code age}.
 */
@NullMarked
package dev.gitopsjava.secrets;

import org.jspecify.annotations.NullMarked;
