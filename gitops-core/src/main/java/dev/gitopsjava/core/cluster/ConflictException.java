package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.ResourceKey;
import org.jspecify.annotations.Nullable;

/**
 * HTTP 409: the object changed since it was read (stale {@code resourceVersion}) or, for a create,
 * it already exists. Re-read the live object, recompute the change and write again.
 */
public class ConflictException extends ClusterException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault, and its cause. */
  public ConflictException(String message, @Nullable ResourceKey resource, @Nullable Throwable cause) {
    super(message, 409, resource, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
