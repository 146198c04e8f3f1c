package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import tools.jackson.databind.JsonNode;

/** apps and extensions DaemonSet, as {@code kubectl rollout status} judges it. */
final class DaemonSetHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("DaemonSet") && (key.group().equals("apps") || key.group().equals("extensions"));
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode status = doc.path("status");
    long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
    long observed = Fields.integer(status.path("observedGeneration"), 0);
    if (generation > observed) {
      return HealthStatus.progressing(
          "Waiting for rollout to finish: observed daemon set generation less than desired generation");
    }
    long desired = Fields.integer(status.path("desiredNumberScheduled"), 0);
    long updated = Fields.integer(status.path("updatedNumberScheduled"), 0);
    long available = Fields.integer(status.path("numberAvailable"), 0);
    if (Fields.text(doc.path("spec").path("updateStrategy").path("type")).equals("OnDelete")) {
      return HealthStatus.healthy("daemon set " + updated + " out of " + desired + " new pods have been updated");
    }
    String name = live.key().name();
    if (updated < desired) {
      return HealthStatus.progressing("Waiting for daemon set \"" + name + "\" rollout to finish: " + updated
          + " out of " + desired + " new pods have been updated...");
    }
    if (available < desired) {
      return HealthStatus.progressing("Waiting for daemon set \"" + name + "\" rollout to finish: " + available
          + " of " + desired + " updated pods are available...");
    }
    return HealthStatus.healthy();
  }
}
