package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/**
 * Argo Rollouts {@code argoproj.io/Rollout}, following the health script Argo CD bundles for it.
 * Rollouts v1.0+ write {@code status.phase} and {@code status.message}, which are surfaced as they
 * are; older versions are judged from conditions, pause state, replica counts and strategy status.
 */
final class RolloutHealth implements HealthCheck {
  static final String WORKLOAD_GENERATION = "rollout.argoproj.io/workload-generation";

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Rollout") && key.group().equals("argoproj.io");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode spec = doc.path("spec");
    JsonNode status = doc.path("status");
    if (!generationObserved(doc, status) || !workloadGenerationObserved(live, status)) {
      return HealthStatus.progressing("Waiting for rollout spec update to be observed");
    }
    if (status.has("phase") && !status.path("phase").isNull()) {
      String phase = Fields.text(status.path("phase"));
      HealthCode code = phase.equals("Paused")
          ? HealthCode.SUSPENDED
          : HealthCode.fromDisplayName(phase).orElse(HealthCode.UNKNOWN);
      return new HealthStatus(code, Fields.text(status.path("message")));
    }
    for (JsonNode c : status.path("conditions")) {
      String type = Fields.text(c.path("type"));
      String reason = Fields.text(c.path("reason"));
      if (type.equals("InvalidSpec")
          || (type.equals("Progressing") && (reason.equals("RolloutAborted") || reason.equals("ProgressDeadlineExceeded")))) {
        return HealthStatus.degraded(Fields.text(c.path("message")));
      }
    }
    JsonNode pauseConditions = status.path("pauseConditions");
    if ((pauseConditions.isArray() && !pauseConditions.isEmpty()) || Fields.bool(spec.path("paused"))) {
      return HealthStatus.suspended("Rollout is paused");
    }
    if (!status.path("currentPodHash").isString()) {
      return HealthStatus.progressing("Waiting for rollout to finish: status has not been reconciled.");
    }
    String currentPodHash = status.path("currentPodHash").stringValue();
    boolean canary = spec.path("strategy").path("canary").isObject();
    boolean blueGreen = spec.path("strategy").path("blueGreen").isObject();

    long desiredReplicas = Fields.integer(spec.path("replicas"), 1);
    long statusReplicas = Fields.integer(status.path("replicas"), 0);
    long updatedReplicas = Fields.integer(status.path("updatedReplicas"), 0);
    long availableReplicas = Fields.integer(status.path("availableReplicas"), 0);
    if (updatedReplicas < desiredReplicas) {
      return HealthStatus.progressing("Waiting for roll out to finish: More replicas need to be updated");
    }
    if (availableReplicas < updatedReplicas) {
      return HealthStatus.progressing("Waiting for roll out to finish: updated replicas are still becoming available");
    }

    // Rollouts v0.8 moved status.canary.stableRS to status.stableRS.
    String stableRs = status.path("stableRS").isString()
        ? status.path("stableRS").stringValue()
        : Fields.text(status.path("canary").path("stableRS"));
    if (blueGreen) {
      if (!currentPodHash.equals(Fields.text(status.path("blueGreen").path("activeSelector")))) {
        return HealthStatus.progressing("active service cutover pending");
      }
      if (!stableRs.isEmpty() && !stableRs.equals(currentPodHash)) {
        return HealthStatus.progressing("waiting for analysis to complete");
      }
    } else if (canary) {
      // Blue-green may keep old replicas for a long scale-down delay; only canary waits for them.
      if (statusReplicas > updatedReplicas) {
        return HealthStatus.progressing("Waiting for roll out to finish: old replicas are pending termination");
      }
      if (!stableRs.equals(currentPodHash)) {
        return HealthStatus.progressing("Waiting for rollout to finish steps");
      }
    }
    return HealthStatus.healthy("");
  }

  /**
   * Rollouts v0.10+ write a numeric {@code status.observedGeneration}; older ones wrote a hash,
   * which tells nothing about the generation and counts as observed.
   */
  private static boolean generationObserved(JsonNode doc, JsonNode status) {
    if (!status.isObject()) {
      return false;
    }
    OptionalLong observed = number(status.path("observedGeneration"));
    long generation = Fields.integer(doc.path("metadata").path("generation"), 0);
    if (observed.isEmpty() || observed.getAsLong() > generation) {
      return true;
    }
    return observed.getAsLong() == generation;
  }

  /** Rollouts v1.3+ with a workloadRef record the referenced workload's generation they observed. */
  private static boolean workloadGenerationObserved(Manifest live, JsonNode status) {
    OptionalLong workload = live.annotation(WORKLOAD_GENERATION).map(RolloutHealth::number).orElse(OptionalLong.empty());
    OptionalLong observed = number(status.path("workloadObservedGeneration"));
    if (workload.isEmpty() || observed.isEmpty()) {
      return true;
    }
    return workload.getAsLong() == observed.getAsLong();
  }

  /** Lua's {@code tonumber}: a number, or a string holding a decimal integer. */
  private static OptionalLong number(JsonNode node) {
    if (node.isIntegralNumber()) {
      return OptionalLong.of(node.longValue());
    }
    return node.isString() ? number(node.stringValue()) : OptionalLong.empty();
  }

  private static OptionalLong number(String text) {
    try {
      return OptionalLong.of(Long.parseLong(text.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
