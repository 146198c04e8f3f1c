package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** apps and extensions ReplicaSet. */
final class ReplicaSetHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("ReplicaSet") && (key.group().equals("apps") || key.group().equals("extensions"));
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode status = doc.path("status");
    long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
    long observed = Fields.integer(status.path("observedGeneration"), 0);
    if (generation > observed) {
      return HealthStatus.progressing(
          "Waiting for rollout to finish: observed replica set generation less than desired generation");
    }
    Optional<JsonNode> failure = Fields.condition(status.path("conditions"), "ReplicaFailure");
    if (failure.isPresent() && Fields.text(failure.get().path("status")).equals("True")) {
      return HealthStatus.degraded(Fields.text(failure.get().path("message")));
    }
    Optional<Long> replicas = Fields.optionalInteger(doc.path("spec").path("replicas"));
    long available = Fields.integer(status.path("availableReplicas"), 0);
    if (replicas.isPresent() && available < replicas.get()) {
      return HealthStatus.progressing("Waiting for rollout to finish: " + available + " out of " + replicas.get()
          + " new replicas are available...");
    }
    return HealthStatus.healthy();
  }
}
