package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import tools.jackson.databind.JsonNode;

/** networking.k8s.io and extensions Ingress: Healthy once the controller published an ingress point. */
final class IngressHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Ingress")
        && (key.group().equals("networking.k8s.io") || key.group().equals("extensions"));
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode ingress = live.tree().path("status").path("loadBalancer").path("ingress");
    return ingress.isArray() && !ingress.isEmpty() ? HealthStatus.healthy() : HealthStatus.progressing("");
  }
}
