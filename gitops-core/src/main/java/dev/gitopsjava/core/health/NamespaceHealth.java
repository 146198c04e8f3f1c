package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;

/**
 * core Namespace: Progressing while Terminating, otherwise Healthy. Argo CD has no check for
 * Namespaces (they count as healthy in a sync); this one only adds the Terminating case, so a wave
 * waits for a namespace that is still being deleted.
 */
final class NamespaceHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Namespace") && key.group().isEmpty();
  }

  @Override
  public HealthStatus assess(Manifest live) {
    return Fields.text(live.tree().path("status").path("phase")).equals("Terminating")
        ? HealthStatus.progressing("Namespace is terminating")
        : HealthStatus.healthy();
  }
}
