/**
 * Secret sealers: the {@code SecretSealer} SPI and its formats (Sealed Secrets, SOPS, age).
 */
@NullMarked
package dev.gitopsjava.secrets;

import org.jspecify.annotations.NullMarked;
