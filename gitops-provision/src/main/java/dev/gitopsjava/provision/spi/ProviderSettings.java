package dev.gitopsjava.provision.spi;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider is configured with: {@code options} from the spec's provider block (endpoints,
 * project names; never secrets, specs are committed) and the process {@code environment}, where
 * credentials come from. {@link #toString()} shows option keys and values but only the names of
 * environment variables.
 */
public record ProviderSettings(Map<String, String> options, Map<String, String> environment) {

  /** Checks the components. */
  public ProviderSettings {
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
    environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
  }

  /** Settings with no options and no environment. */
  public static ProviderSettings empty() {
    return new ProviderSettings(Map.of(), Map.of());
  }

  /** The spec option {@code key}, if set. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /** The environment variable {@code name}, if set and not blank. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
  }

  @Override
  public String toString() {
    return "ProviderSettings[options=" + options + ", environment=" + environment.keySet() + "]";
  }
}
