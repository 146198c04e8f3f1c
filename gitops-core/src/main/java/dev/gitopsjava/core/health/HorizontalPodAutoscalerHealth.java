package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * autoscaling HorizontalPodAutoscaler, by its conditions: in {@code status.conditions} for
 * autoscaling/v2, in the JSON annotation {@code autoscaling.alpha.kubernetes.io/conditions} for
 * autoscaling/v1. Any condition saying the scale target or a metric cannot be read makes it
 * Degraded; otherwise AbleToScale=True or ScalingLimited=True makes it Healthy; else it is waiting
 * to autoscale. Other versions are Unknown, as in Argo CD.
 */
final class HorizontalPodAutoscalerHealth implements HealthCheck {
  static final String V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HealthStatus WAITING = HealthStatus.progressing("Waiting to Autoscale");

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("HorizontalPodAutoscaler") && key.group().equals("autoscaling");
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode conditions;
    switch (live.key().version()) {
      case "v1" -> {
        var annotation = live.annotation(V1_CONDITIONS);
        if (annotation.isEmpty()) {
          return WAITING;
        }
        try {
          conditions = JSON.readTree(annotation.get());
        } catch (JacksonException e) {
          return HealthStatus.unknown("failed to convert conditions annotation " + V1_CONDITIONS
              + " to typed: " + e.getOriginalMessage());
        }
      }
      case "v2" -> conditions = live.tree().path("status").path("conditions");
      default -> {
        return HealthStatus.unknown("unsupported HPA GVK: " + live.key().apiVersion() + ", Kind=" + live.key().kind());
      }
    }
    if (!conditions.isArray() || conditions.isEmpty()) {
      return WAITING;
    }
    for (JsonNode c : conditions) {
      if (isDegraded(Fields.text(c.path("type")), Fields.text(c.path("reason")))) {
        return HealthStatus.degraded(Fields.text(c.path("message")));
      }
    }
    for (JsonNode c : conditions) {
      String type = Fields.text(c.path("type"));
      if ((type.equals("AbleToScale") || type.equals("ScalingLimited")) && Fields.text(c.path("status")).equals("True")) {
        return HealthStatus.healthy(Fields.text(c.path("message")));
      }
    }
    return WAITING;
  }

  private static boolean isDegraded(String type, String reason) {
    return switch (type) {
      case "AbleToScale" -> reason.equals("FailedGetScale") || reason.equals("FailedUpdateScale");
      // FailedGetResourceMetric, FailedGetObjectMetric, FailedGetPodsMetric, FailedGetExternalMetric, ...
      case "ScalingActive" -> reason.equals("InvalidSelector")
          || (reason.startsWith("FailedGet") && reason.endsWith("Metric"));
      default -> false;
    };
  }
}
