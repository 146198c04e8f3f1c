package dev.gitopsjava.provision.internal;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A provider option holding an ISO-8601 duration ({@code poll_interval}, {@code timeout}), read the
 * same way by every built-in provider. Not API.
 */
public final class DurationOption {
  private DurationOption() {}

  /**
   * The option's value, or {@code fallback} when it is not set.
   *
   * @throws PermanentProviderException naming the provider and option when the value is not a duration
   */
  public static Duration read(String provider, ProviderSettings settings, String key, Duration fallback) {
    Optional<String> v = settings.option(key);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      return Duration.parse(v.get());
    } catch (DateTimeParseException e) {
      throw new PermanentProviderException(provider,
          "option " + key + " is not an ISO-8601 duration (e.g. " + fallback + "): " + v.get());
    }
  }
}
