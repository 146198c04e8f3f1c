package dev.gitopsjava.provision.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.spi.ProviderInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reading every server shape Nova's samples show, including the down-cell one. */
class NovaServersTest {
  static JsonNode server(String relative) throws Exception {
    Path file = Conformance.dir("openstack").resolve("nova/servers").resolve(relative);
    return JsonMapper.shared().readTree(Files.readString(file)).path("server");
  }

  @Test
  void baseAndNewestMicroversionShapes() throws Exception {
    for (String sample : List.of("server-get-resp.json", "v2.100/server-get-resp.json")) {
      ProviderInstance i = NovaServers.instance(server(sample), "RegionOne");
      assertEquals("new-server-test", i.name(), sample);
      assertEquals(ProviderInstance.Status.ACTIVE, i.status(), sample);
      assertEquals(Map.of("My Server Name", "Apache1"), i.labels(), sample);
      assertEquals("RegionOne", i.region());
      assertEquals(List.of("192.168.1.30"), i.addresses(), sample);
    }
    assertEquals("70a599e0-31e7-49b7-b260-868f441e862b",
        NovaServers.instance(server("server-get-resp.json"), "r").imageId());
    assertEquals("1", NovaServers.instance(server("server-get-resp.json"), "r").flavorId());
  }

  @Test
  void downCellServerIsUnknownNotAnError() throws Exception {
    ProviderInstance i = NovaServers.instance(server("v2.71/server-get-down-cell-resp.json"), "r");
    assertEquals(ProviderInstance.Status.UNKNOWN, i.status());
    assertEquals(Map.of(), i.labels());
    assertEquals(List.of(), i.addresses());
  }
}
