package dev.gitopsjava.provision.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.spi.ProviderInstance;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading Hetzner server objects: the spec's full ones and hcloud-go's cut-down one. */
class HetznerServersTest {
  static JsonNode json(String relative) throws Exception {
    return JsonMapper.shared().readTree(Files.readString(
        Conformance.dir("hetzner").resolve(relative)));
  }

  @Test
  void fullServerFromTheSpec() throws Exception {
    ProviderInstance i = HetznerServers.instance(json("rendered/get_server.200.json")
        .path("server"));
    assertEquals("42", i.id());
    assertEquals("fsn1", i.region());
    assertEquals(ProviderInstance.Status.ACTIVE, i.status());
    assertEquals(List.of("1.2.3.4", "2001:db8::/64", "10.0.0.2"), i.addresses());
    assertEquals("", i.labels().get("just-a-key"));
  }

  @Test
  void cutDownServerFromHcloudGo() throws Exception {
    // Expected values are read off the sample by hand: computing them with path(..).asString(),
    // as the code does, would pass even if both read a missing field as "".
    ProviderInstance i = HetznerServers.instance(json("hcloud-go-schema/server.json"));
    assertEquals("1", i.id());
    assertEquals("server.example.com", i.name());
    assertEquals("2", i.flavorId());
    assertEquals("4711", i.imageId());
    assertEquals(ProviderInstance.Status.ACTIVE, i.status());
    assertEquals(List.of("2a01:4f8:1c11:3400::/64", "10.0.1.1"), i.addresses(),
        "ipv4 is null in this shape; then the private network");
    assertEquals(Map.of("key", "value", "key2", "value2"), i.labels());
  }

  @Test
  void everyDocumentedStatusMaps() {
    Map<String, ProviderInstance.Status> expected = Map.of(
        "initializing", ProviderInstance.Status.BUILDING,
        "starting", ProviderInstance.Status.BUILDING,
        "running", ProviderInstance.Status.ACTIVE,
        "off", ProviderInstance.Status.STOPPED,
        "stopping", ProviderInstance.Status.STOPPED,
        "deleting", ProviderInstance.Status.DELETING,
        "migrating", ProviderInstance.Status.BUILDING,
        "rebuilding", ProviderInstance.Status.BUILDING,
        "unknown", ProviderInstance.Status.UNKNOWN);
    expected.forEach((s, status) -> assertEquals(status, HetznerServers.status(s), s));
  }
}
