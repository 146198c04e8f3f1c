package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** apiregistration.k8s.io APIService, by its Available condition (False is Progressing, not Degraded). */
final class ApiServiceHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("APIService") && key.group().equals("apiregistration.k8s.io");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    Optional<JsonNode> available = Fields.condition(live.tree().path("status").path("conditions"), "Available");
    if (available.isEmpty()) {
      return HealthStatus.progressing("Waiting to be processed");
    }
    JsonNode c = available.get();
    String message = Fields.text(c.path("reason")) + ": " + Fields.text(c.path("message"));
    return Fields.text(c.path("status")).equals("True")
        ? HealthStatus.healthy(message)
        : HealthStatus.progressing(message);
  }
}
