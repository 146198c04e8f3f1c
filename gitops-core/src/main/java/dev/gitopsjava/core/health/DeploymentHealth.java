package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** apps and extensions Deployment, as {@code kubectl rollout status} judges it. */
final class DeploymentHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Deployment") && (key.group().equals("apps") || key.group().equals("extensions"));
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode spec = doc.path("spec");
    JsonNode status = doc.path("status");
    if (Fields.bool(spec.path("paused"))) {
      return HealthStatus.suspended("Deployment is paused");
    }
    long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
    long observed = Fields.integer(status.path("observedGeneration"), 0);
    if (generation > observed) {
      return HealthStatus.progressing(
          "Waiting for rollout to finish: observed deployment generation less than desired generation");
    }
    Optional<JsonNode> progressing = Fields.condition(status.path("conditions"), "Progressing");
    if (progressing.isPresent() && Fields.text(progressing.get().path("reason")).equals("ProgressDeadlineExceeded")) {
      return HealthStatus.degraded("Deployment \"" + live.key().name() + "\" exceeded its progress deadline");
    }
    Optional<Long> replicas = Fields.optionalInteger(spec.path("replicas"));
    long updated = Fields.integer(status.path("updatedReplicas"), 0);
    long current = Fields.integer(status.path("replicas"), 0);
    long available = Fields.integer(status.path("availableReplicas"), 0);
    if (replicas.isPresent() && updated < replicas.get()) {
      return HealthStatus.progressing("Waiting for rollout to finish: " + updated + " out of " + replicas.get()
          + " new replicas have been updated...");
    }
    if (current > updated) {
      return HealthStatus.progressing("Waiting for rollout to finish: " + (current - updated)
          + " old replicas are pending termination...");
    }
    if (available < updated) {
      return HealthStatus.progressing("Waiting for rollout to finish: " + available + " of " + updated
          + " updated replicas are available...");
    }
    return HealthStatus.healthy();
  }
}
