package dev.gitopsjava.secrets;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom a secret is sealed for: the public material ({@link #keys()}: a Sealed Secrets certificate,
 * age recipients, ...) and format options by name (e.g. {@code scope=namespace-wide} for Sealed
 * Secrets, {@code encrypted_regex=...} for SOPS). A sealer rejects an option it does not know.
 *
 * @param keys where the public keys come from
 * @param options format options, unmodifiable, in insertion order
 */
public record SealingTarget(KeySource keys, Map<String, String> options) {

  /** Checks the components. */
  public SealingTarget {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(options, "options");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A target with no options. */
  public static SealingTarget of(KeySource keys) {
    return new SealingTarget(keys, Map.of());
  }

  /** A copy with one option set (replacing an earlier value of the same name). */
  public SealingTarget withOption(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Map<String, String> copy = new LinkedHashMap<>(options);
    copy.put(name, value);
    return new SealingTarget(keys, copy);
  }

  /** One option's value. */
  public Optional<String> option(String name) {
    return Optional.ofNullable(options.get(name));
  }
}
