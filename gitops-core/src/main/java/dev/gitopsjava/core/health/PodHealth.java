package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import dev.gitopsjava.core.sync.SyncHook;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * core Pod. Pods with restartPolicy Never or OnFailure have a finite life and are usually hooks,
 * so Argo CD reports them Progressing while they run and never marks them Degraded for a waiting
 * container (that would fail a hook whose image is merely still pulling); the annotation
 * {@code argocd.argoproj.io/ignore-restart-policy: "true"} opts a non-hook pod out of that rule.
 */
final class PodHealth implements HealthCheck {
  static final String IGNORE_RESTART_POLICY = "argocd.argoproj.io/ignore-restart-policy";

  @Override
  public boolean appliesTo(ResourceKey key) {
    return key.kind().equals("Pod") && key.group().isEmpty();
  }

  @Override
  public HealthStatus assess(Manifest live) {
    JsonNode doc = live.tree();
    JsonNode status = doc.path("status");
    // The API server defaults restartPolicy to Always; objects from a server without defaulting lack it.
    String restartPolicy = Fields.text(doc.path("spec").path("restartPolicy"));
    if (restartPolicy.isEmpty()) {
      restartPolicy = "Always";
    }
    boolean ignoreRestartPolicy = live.annotation(IGNORE_RESTART_POLICY).orElse("").equals("true")
        && !SyncHook.of(live).hook();
    boolean longRunning = restartPolicy.equals("Always") || ignoreRestartPolicy;
    String podMessage = Fields.text(status.path("message"));

    if (longRunning) {
      List<String> messages = new ArrayList<>();
      boolean degraded = false;
      for (JsonNode container : status.path("containerStatuses")) {
        JsonNode waiting = container.path("state").path("waiting");
        String reason = Fields.text(waiting.path("reason"));
        if (waiting.isObject()
            && (reason.startsWith("Err") || reason.endsWith("Error") || reason.endsWith("BackOff"))) {
          degraded = true;
          messages.add(Fields.text(waiting.path("message")));
        }
      }
      if (degraded) {
        return HealthStatus.degraded(String.join(", ", messages));
      }
    }

    switch (Fields.text(status.path("phase"))) {
      case "Pending":
        return HealthStatus.progressing(podMessage);
      case "Succeeded":
        return HealthStatus.healthy(podMessage);
      case "Failed": {
        if (!podMessage.isEmpty()) {
          return HealthStatus.degraded(podMessage);
        }
        List<JsonNode> containers = new ArrayList<>();
        status.path("initContainerStatuses").forEach(containers::add);
        status.path("containerStatuses").forEach(containers::add);
        for (JsonNode c : containers) {
          Optional<String> failure = failureMessage(c);
          if (failure.isPresent()) {
            return HealthStatus.degraded(failure.get());
          }
        }
        return HealthStatus.degraded("");
      }
      case "Running": {
        if (!longRunning) {
          return HealthStatus.progressing(podMessage);
        }
        Optional<JsonNode> ready = Fields.condition(status.path("conditions"), "Ready");
        if (ready.isPresent() && Fields.text(ready.get().path("status")).equals("True")) {
          return HealthStatus.healthy(podMessage);
        }
        for (JsonNode c : status.path("containerStatuses")) {
          if (c.path("lastState").path("terminated").isObject()) {
            return HealthStatus.degraded(podMessage);
          }
        }
        return HealthStatus.progressing(podMessage);
      }
      default:
        return HealthStatus.unknown(podMessage);
    }
  }

  private static Optional<String> failureMessage(JsonNode container) {
    JsonNode terminated = container.path("state").path("terminated");
    if (!terminated.isObject()) {
      return Optional.empty();
    }
    String message = Fields.text(terminated.path("message"));
    if (!message.isEmpty()) {
      return Optional.of(message);
    }
    if (Fields.text(terminated.path("reason")).equals("OOMKilled")) {
      return Optional.of("OOMKilled");
    }
    long exitCode = Fields.integer(terminated.path("exitCode"), 0);
    if (exitCode != 0) {
      return Optional.of("container \"" + Fields.text(container.path("name")) + "\" failed with exit code " + exitCode);
    }
    return Optional.empty();
  }
}
