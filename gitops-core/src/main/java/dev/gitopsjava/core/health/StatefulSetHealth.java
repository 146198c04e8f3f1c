package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** apps StatefulSet, as {@code kubectl rollout status} judges it. */
final class StatefulSetHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("StatefulSet") && key.group().equals("apps");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode spec = doc.path("spec");
    JsonNode status = doc.path("status");
    long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
    long observed = Fields.integer(status.path("observedGeneration"), 0);
    if (observed == 0 || generation > observed) {
      return HealthStatus.progressing("Waiting for statefulset spec update to be observed...");
    }
    Optional<Long> replicas = Fields.optionalInteger(spec.path("replicas"));
    long ready = Fields.integer(status.path("readyReplicas"), 0);
    long updated = Fields.integer(status.path("updatedReplicas"), 0);
    if (replicas.isPresent() && ready < replicas.get()) {
      return HealthStatus.progressing("Waiting for " + (replicas.get() - ready) + " pods to be ready...");
    }
    JsonNode strategy = spec.path("updateStrategy");
    String type = Fields.text(strategy.path("type"));
    if (type.equals("RollingUpdate") && strategy.path("rollingUpdate").isObject()) {
      Optional<Long> partition = Fields.optionalInteger(strategy.path("rollingUpdate").path("partition"));
      if (replicas.isPresent() && partition.isPresent() && updated < replicas.get() - partition.get()) {
        return HealthStatus.progressing("Waiting for partitioned roll out to finish: " + updated + " out of "
            + (replicas.get() - partition.get()) + " new pods have been updated...");
      }
      return HealthStatus.healthy("partitioned roll out complete: " + updated + " new pods have been updated...");
    }
    if (type.equals("OnDelete")) {
      return HealthStatus.healthy("statefulset has " + ready + " ready pods");
    }
    String updateRevision = Fields.text(status.path("updateRevision"));
    String currentRevision = Fields.text(status.path("currentRevision"));
    if (!updateRevision.equals(currentRevision)) {
      return HealthStatus.progressing("waiting for statefulset rolling update to complete " + updated
          + " pods at revision " + updateRevision + "...");
    }
    return HealthStatus.healthy("statefulset rolling update complete "
        + Fields.integer(status.path("currentReplicas"), 0) + " pods at revision " + currentRevision + "...");
  }
}
