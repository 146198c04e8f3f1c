package dev.gitopsjava.provision.hetzner;

import dev.gitopsjava.provision.internal.ResponseId;
import dev.gitopsjava.provision.spi.ProviderAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Several Hetzner actions (create_server and its start_server) seen as one {@link ProviderAction}:
 * the ID is their IDs joined by commas; it is running while any runs, failed when any failed.
 *
 * <p>Hetzner's spec examples fill {@code error} even for running or successful actions, so the
 * error is read only when {@code status} is {@code error}.
 */
final class HetznerActions {
  private HetznerActions() {}

  static ProviderAction combine(List<JsonNode> actions, ProviderAction.Kind kind, String region,
      String instanceId) {
    List<String> ids = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean running = false;
    for (JsonNode action : actions) {
      String actionId = ResponseId.read(HetznerProvider.NAME,
          kind.name().toLowerCase(Locale.ROOT) + " of server " + instanceId, "action.id",
          action.path("id"));
      ids.add(actionId);
      switch (action.path("status").asString("")) {
        case "success" -> { }
        case "error" -> errors.add(action.path("command").asString("action") + " "
            + actionId + " failed: "
            + action.path("error").path("code").asString("") + ": "
            + action.path("error").path("message").asString(""));
        default -> running = true;
      }
    }
    String id = String.join(",", ids);
    if (!errors.isEmpty()) {
      return ProviderAction.failed(id, kind, region, instanceId, String.join("; ", errors));
    }
    return running ? ProviderAction.running(id, kind, region, instanceId)
        : ProviderAction.succeeded(id, kind, region, instanceId);
  }

  static List<String> ids(ProviderAction action) {
    return List.of(action.id().split(","));
  }
}
