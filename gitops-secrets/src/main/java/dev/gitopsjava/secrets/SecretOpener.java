package dev.gitopsjava.secrets;

import dev.gitopsjava.core.model.Manifest;

/**
 * Opens a sealed manifest of one format back into the plain {@code v1 Secret} (or document), given
 * the private material: the counterpart of {@link SecretSealer}. Found with
 * {@link java.util.ServiceLoader} through {@link SecretSealers}.
 *
 * <p>The returned manifest holds plaintext: callers keep it in memory only as long as needed.
 */
public interface SecretOpener {

  /** The format's short name, the same as its {@link SecretSealer#format()}. */
  String format();

  /** Among providers of the same format, the highest priority wins. */
  default int priority() {
    return 0;
  }

  /** True if {@code manifest} is in this opener's format (a cheap check of its shape, no crypto). */
  boolean canOpen(Manifest manifest);

  /**
   * Opens {@code sealed} with the private keys from {@code keys}, trying every key (newest first).
   *
   * @throws NoMatchingKeyException if no key opens an item; the message names the resource and item
   * @throws MalformedInputException if the manifest is not in this format
   */
  Manifest open(Manifest sealed, KeySource keys);
}
