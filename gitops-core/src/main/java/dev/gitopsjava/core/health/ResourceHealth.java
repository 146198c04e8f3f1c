package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The health recorded for one resource of an application.
 *
 * @param key the resource
 * @param health its health; empty when its kind has no health check, or when it was left out of
 *     the roll-up (a hook, {@code argocd.argoproj.io/ignore-healthcheck: "true"}, a skipped resource)
 */
public record ResourceHealth(ResourceKey key, Optional<HealthStatus> health) {
  /** Checks the components. */
  public ResourceHealth {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(health, "health");
  }
}
