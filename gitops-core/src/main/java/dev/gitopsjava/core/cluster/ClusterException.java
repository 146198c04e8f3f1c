package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request to the cluster failed. Carries the HTTP status code (0 when no response arrived) and
 * the resource concerned, so a caller can decide whether to retry.
 *
 * <p>Subtypes a caller can act on: {@link ConflictException} (409, re-read and retry),
 * {@link ClusterUnavailableException} (429, 5xx, timeouts, dropped connections: back off and retry),
 * {@link UnknownKindException} (the cluster does not serve the kind: fix the manifest or install the
 * CRD). Anything else (400, 403, 404, 422, ...) is this class: retrying the same request will not
 * help.
 */
public class ClusterException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** {@code statusCode}, kept in the serialized form. */
  private final int statusCode;
  private final transient @Nullable ResourceKey resource;

  /** An exception with a message naming what is at fault. */
  public ClusterException(String message, int statusCode, @Nullable ResourceKey resource,
      @Nullable Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.resource = resource;
  }

  /** The HTTP status code of the failed request, 0 when no response arrived. */
  public int statusCode() {
    return statusCode;
  }

  /** The resource the request was about, when it was about one. */
  public Optional<ResourceKey> resource() {
    return Optional.ofNullable(resource);
  }

  /**
   * True when the same request may succeed later: conflicts, throttling, server errors, timeouts.
   * A sync's retry policy retries only these.
   */
  public boolean isRetryable() {
    return false;
  }
}
