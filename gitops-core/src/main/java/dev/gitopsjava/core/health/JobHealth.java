package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import tools.jackson.databind.JsonNode;

/** batch Job: running until a Complete, Failed or Suspended condition appears. */
final class JobHealth implements HealthCheck {

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Job") && key.group().equals("batch");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    boolean failed = false;
    boolean complete = false;
    boolean suspended = false;
    String failMessage = "";
    String message = "";
    for (JsonNode c : live.tree().path("status").path("conditions")) {
      switch (Fields.text(c.path("type"))) {
        case "Failed" -> {
          failed = true;
          complete = true;
          failMessage = Fields.text(c.path("message"));
        }
        case "Complete" -> {
          complete = true;
          message = Fields.text(c.path("message"));
        }
        case "Suspended" -> {
          complete = true;
          message = Fields.text(c.path("message"));
          if (Fields.text(c.path("status")).equals("True")) {
            suspended = true;
          }
        }
        default -> { }
      }
    }
    if (!complete) {
      return HealthStatus.progressing(message);
    }
    if (failed) {
      return HealthStatus.degraded(failMessage);
    }
    if (suspended) {
      return HealthStatus.suspended(message);
    }
    return HealthStatus.healthy(message);
  }
}
