package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;

/** core PersistentVolumeClaim, by {@code status.phase}. */
final class PersistentVolumeClaimHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("PersistentVolumeClaim") && key.group().isEmpty();
  }

  @Override
  public HealthStatus assess(Manifest live) {
    return switch (Fields.text(live.tree().path("status").path("phase"))) {
      case "Bound" -> HealthStatus.healthy();
      case "Pending" -> HealthStatus.progressing("");
      case "Lost" -> HealthStatus.degraded("");
      default -> HealthStatus.unknown("");
    };
  }
}
