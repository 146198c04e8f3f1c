package dev.gitopsjava.core;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Argo CD writes them: Go's {@code time.ParseDuration} syntax ({@code 5s},
 * {@code 1m30s}, {@code 500ms}, {@code 2h}), or a bare number of seconds.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
  private static final int MAX_LENGTH = 64;

  private GoDuration() {}

  static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("'" + abbreviate(s) + "' is not a duration");
    }
    if (s.matches("\\d{1,12}")) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    double nanos = 0;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("'" + s + "' is not a duration (e.g. 5s, 1m30s, 2h)");
      }
      double value = Double.parseDouble(m.group(1));
      nanos += value * switch (m.group(2)) {
        case "ns" -> 1d;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      pos = m.end();
    }
    if (nanos > Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + s + "' is too long a duration");
    }
    return Duration.ofNanos((long) nanos);
  }

  private static String abbreviate(String s) {
    return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) + "…" : s;
  }
}
