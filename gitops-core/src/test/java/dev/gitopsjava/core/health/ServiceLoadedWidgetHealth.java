package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;

/** Listed in the test {@code META-INF/services} to prove ServiceLoader discovery. */
public final class ServiceLoadedWidgetHealth implements HealthCheck {
  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.groupKind().equals("example.com/ServiceLoadedWidget");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    return HealthStatus.healthy("found by ServiceLoader");
  }
}
