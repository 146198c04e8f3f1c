package dev.gitopsjava.samples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a duration option as people type it ({@code 30s}, {@code 5m}, {@code 1h30m}) or in ISO-8601
 * ({@code PT90S}). A bad value is a usage error naming the option, so it exits 2 like any other.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    Duration parsed;
    try {
      parsed = Duration.parse(t.startsWith("P") ? t : "PT" + t);
    } catch (DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + text + "' is not a duration (e.g. 30s, 5m, 1h30m)");
    }
    if (parsed.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + text + "' is negative");
    }
    return parsed;
  }
}
