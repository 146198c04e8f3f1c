package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import tools.jackson.databind.JsonNode;

/** core Service: a LoadBalancer is Progressing until it has an ingress point; other types are Healthy. */
final class ServiceHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Service") && key.group().isEmpty();
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    if (Fields.text(doc.path("spec").path("type")).equals("LoadBalancer")) {
      JsonNode ingress = doc.path("status").path("loadBalancer").path("ingress");
      return ingress.isArray() && !ingress.isEmpty()
          ? HealthStatus.healthy()
          : HealthStatus.progressing("");
    }
    return HealthStatus.healthy();
  }
}
