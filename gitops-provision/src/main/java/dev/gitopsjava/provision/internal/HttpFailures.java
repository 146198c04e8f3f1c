package dev.gitopsjava.provision.internal;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maps an HTTP error to the SPI's exception kinds: 429 rate limited (with the server's wait),
 * 408/409/423/5xx transient, any other status permanent. Messages carry the API's own error text.
 */
public final class HttpFailures {
  private HttpFailures() {}

  /** The exception for a non-2xx {@code status}. */
  public static ProviderException of(String provider, String request, int status,
      String apiMessage, Optional<Duration> retryAfter) {
    String message = request + ": HTTP " + status + (apiMessage.isBlank() ? "" : ": " + apiMessage);
    if (status == 429) {
      return new RateLimitedException(provider, message, retryAfter);
    }
    if (status == 408 || status == 409 || status == 423 || status >= 500) {
      return new TransientProviderException(provider, message);
    }
    return new PermanentProviderException(provider, message);
  }

  /**
   * The wait a {@code Retry-After} header asks for: delta-seconds or an HTTP-date (RFC 9110
   * 10.2.3); empty when absent or unreadable. Never negative.
   */
  public static Optional<Duration> retryAfter(HttpHeaders headers, Clock clock) {
    return headers.firstValue("Retry-After").flatMap(v -> parseRetryAfter(v.strip(), clock));
  }

  static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    if (value.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
