package dev.gitopsjava.provision.hetzner;

import dev.gitopsjava.provision.spi.ProviderInstance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Reading Hetzner's server JSON; tolerant of cut-down objects ({@code ipv4: null} etc.). */
final class HetznerServers {
  private HetznerServers() {}

  static ProviderInstance instance(JsonNode server) {
    Map<String, String> labels = new LinkedHashMap<>();
    server.path("labels").properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    List<String> addresses = new ArrayList<>();
    JsonNode net = server.path("public_net");
    String v4 = net.path("ipv4").path("ip").asString("");
    if (!v4.isEmpty()) {
      addresses.add(v4);
    }
    String v6 = net.path("ipv6").path("ip").asString("");
    if (!v6.isEmpty()) {
      addresses.add(v6);
    }
    for (JsonNode p : server.path("private_net")) {
      String ip = p.path("ip").asString("");
      if (!ip.isEmpty()) {
        addresses.add(ip);
      }
    }
    String location = server.path("location").path("name").asString(
        server.path("datacenter").path("location").path("name").asString(""));
    return new ProviderInstance(
        server.path("id").asString(""),
        server.path("name").asString(""),
        location,
        server.path("image").path("id").asString(""),
        server.path("server_type").path("id").asString(""),
        status(server.path("status").asString("")),
        labels,
        addresses);
  }

  static ProviderInstance.Status status(String status) {
    return switch (status) {
      case "initializing", "starting", "rebuilding", "migrating" ->
          ProviderInstance.Status.BUILDING;
      case "running" -> ProviderInstance.Status.ACTIVE;
      case "off", "stopping" -> ProviderInstance.Status.STOPPED;
      case "deleting" -> ProviderInstance.Status.DELETING;
      default -> ProviderInstance.Status.UNKNOWN;
    };
  }
}
