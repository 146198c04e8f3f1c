package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;

/** Argo Workflows {@code argoproj.io/Workflow}, by {@code status.phase} (a built-in Go check in Argo CD). */
final class WorkflowHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Workflow") && key.group().equals("argoproj.io");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    String message = Fields.text(live.tree().path("status").path("message"));
    return switch (Fields.text(live.tree().path("status").path("phase"))) {
      case "", "Pending", "Running" -> HealthStatus.progressing(message);
      case "Succeeded" -> HealthStatus.healthy(message);
      case "Failed", "Error" -> HealthStatus.degraded(message);
      default -> HealthStatus.unknown(message);
    };
  }
}
