package dev.gitopsjava.provision.openstack;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderInstance;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Reading Nova's server JSON: tolerant of the down-cell shape, where most fields are missing. */
final class NovaServers {
  private NovaServers() {}

  static ProviderInstance instance(JsonNode server, String region) {
    Map<String, String> labels = new LinkedHashMap<>();
    server.path("metadata").properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asString("")));
    List<String> floating = new ArrayList<>();
    List<String> fixed = new ArrayList<>();
    for (JsonNode network : server.path("addresses")) {
      for (JsonNode address : network) {
        String addr = address.path("addr").asString("");
        if (!addr.isEmpty()) {
          ("floating".equals(address.path("OS-EXT-IPS:type").asString("")) ? floating : fixed)
              .add(addr);
        }
      }
    }
    floating.addAll(fixed);
    return new ProviderInstance(
        server.path("id").asString(""),
        server.path("name").asString(""),
        region,
        // Boot-from-volume servers report "image": "" (a string, not an object).
        server.path("image").path("id").asString(""),
        server.path("flavor").path("id").asString(""),
        status(server),
        labels,
        floating);
  }

  static ProviderInstance.Status status(JsonNode server) {
    if ("deleting".equals(server.path("OS-EXT-STS:task_state").asString(""))) {
      return ProviderInstance.Status.DELETING;
    }
    return switch (server.path("status").asString("")) {
      case "BUILD" -> ProviderInstance.Status.BUILDING;
      case "ACTIVE" -> ProviderInstance.Status.ACTIVE;
      case "SHUTOFF", "STOPPED", "SUSPENDED", "PAUSED", "SHELVED", "SHELVED_OFFLOADED" ->
          ProviderInstance.Status.STOPPED;
      case "ERROR" -> ProviderInstance.Status.ERROR;
      case "DELETED", "SOFT_DELETED" -> ProviderInstance.Status.DELETING;
      default -> ProviderInstance.Status.UNKNOWN;
    };
  }

  /** The {@code rel: next} link of a paged list, if any. */
  static Optional<URI> nextLink(JsonNode links) {
    for (JsonNode link : links) {
      if ("next".equals(link.path("rel").asString(""))) {
        JsonNode href = link.path("href");
        try {
          URI uri = href.isString() ? new URI(href.stringValue()) : null;
          if (uri != null && uri.getHost() != null
              && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            return Optional.of(uri);
          }
        } catch (URISyntaxException e) {
          // reported below
        }
        throw new PermanentProviderException(OpenStackProvider.NAME,
            "GET /servers/detail: field servers_links[].href of the next page is not an http(s) URL");
      }
    }
    return Optional.empty();
  }
}
