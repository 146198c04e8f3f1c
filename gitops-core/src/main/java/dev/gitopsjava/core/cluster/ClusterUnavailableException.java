package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.ResourceKey;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The cluster could not serve the request right now: throttled (429), a server error (5xx), a
 * timeout or a dropped connection (status code 0). Retrying later may succeed; when the server
 * said how long to wait ({@code Retry-After}), {@link #retryAfter()} has it.
 */
public class ClusterUnavailableException extends ClusterException {
  private static final long serialVersionUID = 1L;

  /** {@code retryAfter}, kept in the serialized form. */
  private final @Nullable Duration retryAfter;

  /** An exception with a message naming what is at fault. */
  public ClusterUnavailableException(String message, int statusCode, @Nullable ResourceKey resource,
      @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, statusCode, resource, cause);
    this.retryAfter = retryAfter;
  }

  /** How long the server asked the client to wait before retrying. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
