package dev.gitopsjava.provision.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.testing.FakeApi;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FakeApi.Request;
import dev.gitopsjava.provision.testing.JsonShapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keystone + Nova + Glance on one loopback port, answering with the upstream API samples in
 * ../shared/conformance/openstack (IDs, names and statuses substituted) and checking request
 * bodies against the documented request samples.
 */
final class FakeOpenStack implements AutoCloseable {
  static final String PASSWORD = "devstacker"; // the samples' own
  static final String APP_CRED_SECRET = "rEaqvJka48mpv";
  static final String PROJECT = "a6944d763bf64ee6a275f1263fae0352"; // in the catalog URLs
  static final String REGION = "RegionOne";

  /** A server as the fake cloud holds it. */
  static final class Server {
    final String id;
    final String name;
    final String imageRef;
    final String flavorRef;
    final String keyName;
    final String userData;
    final Map<String, String> metadata;
    String status = "BUILD";
    int pollsUntilDone;
    boolean failBuild;
    boolean deleting;

    Server(String id, String name, String imageRef, String flavorRef, String keyName,
        String userData, Map<String, String> metadata) {
      this.id = id;
      this.name = name;
      this.imageRef = imageRef;
      this.flavorRef = flavorRef;
      this.keyName = keyName;
      this.userData = userData;
      this.metadata = metadata;
    }
  }

  final FakeApi api;
  final Path dir = Conformance.dir("openstack");
  final Map<String, Server> servers = new LinkedHashMap<>();
  String expiresAt = "2015-11-07T02:58:43.578887Z"; // the sample's
  int buildPolls = 1;
  int pageSize = 2;
  boolean nextBuildFails;
  int tokens;

  FakeOpenStack() throws IOException {
    api = new FakeApi();
    api.route("POST", "/identity/v3/auth/tokens", this::auth);
    api.route("GET", "/image/v2/images", this::images);
    api.route("GET", "/compute/v2.1/" + PROJECT + "/flavors", r -> authed(r, () ->
        Reply.json(200, sample("nova/flavors/flavors-list-resp.json"))));
    api.route("POST", "/compute/v2.1/" + PROJECT + "/servers", r -> authed(r, () -> create(r)));
    api.route("GET", "/compute/v2.1/" + PROJECT + "/servers/detail", r -> authed(r,
        () -> detail(r)));
    api.route("GET", "/compute/v2.1/" + PROJECT + "/servers/([^/]+)", r -> authed(r,
        () -> show(r.group(1))));
    api.route("DELETE", "/compute/v2.1/" + PROJECT + "/servers/([^/]+)", r -> authed(r,
        () -> delete(r.group(1))));
    api.route("PUT", "/compute/v2.1/" + PROJECT + "/servers/([^/]+)/metadata", r -> authed(r,
        () -> metadata(r)));
  }

  String authUrl() {
    return api.base() + "/identity/v3";
  }

  synchronized List<Server> live() {
    return List.copyOf(servers.values());
  }

  // ---- keystone

  private synchronized Reply auth(Request r) {
    JsonNode identity = r.body().path("auth").path("identity");
    String method = identity.path("methods").path(0).asString("");
    boolean ok;
    ObjectNode response;
    if (method.equals("application_credential")) {
      JsonNode cred = identity.path("application_credential");
      String sample = cred.has("id") ? "keystone/admin/auth-application-credential-id-request.json"
          : "keystone/admin/auth-application-credential-name-request.json";
      JsonShapes.assertConforms(r.body(), sample(sample), Set.of(),
          Set.of("auth.identity.application_credential.user.name",
              "auth.identity.application_credential.user.domain"));
      ok = APP_CRED_SECRET.equals(cred.path("secret").asString(""));
      response = (ObjectNode) sample("keystone/admin/auth-application-credential-response.json");
      // That sample's catalog lists only identity; give it the full project catalog.
      ((ObjectNode) response.get("token")).set("catalog", catalog());
    } else {
      assertEquals("password", method);
      JsonShapes.assertConforms(r.body(), passwordRequestSample(), Set.of(),
          Set.of("auth.scope.project.domain.name", "auth.identity.password.user.domain.id",
              "auth.scope.project.id"));
      ok = PASSWORD.equals(identity.path("password").path("user").path("password").asString(""));
      response = (ObjectNode) sample("keystone/admin/auth-password-project-scoped-response.json");
      ((ObjectNode) response.get("token")).set("catalog", catalog());
    }
    if (!ok) {
      return Reply.json(401, sample("keystone/openstack4j/authv3_authorizationerror.json"));
    }
    ((ObjectNode) response.get("token")).put("expires_at", expiresAt);
    tokens++;
    return Reply.json(201, response).withHeader("X-Subject-Token", "token-" + tokens);
  }

  /** The README's recipe: the user-name-with-domain block merged into project-name-password. */
  private JsonNode passwordRequestSample() {
    ObjectNode merged = (ObjectNode) sample("keystone/auth/requests/project-name-password.json");
    JsonNode user = sample("keystone/admin/auth-password-unscoped-request-with-domain.json")
        .path("auth").path("identity").path("password").path("user");
    ((ObjectNode) merged.path("auth").path("identity").path("password")).set("user", user);
    return merged;
  }

  private JsonNode catalog() {
    String text = sample("keystone/admin/auth-password-project-scoped-response.json")
        .path("token").path("catalog").toString()
        .replace("http://23.253.248.171:8774", api.base() + "/compute")
        .replace("http://23.253.248.171:9292", api.base() + "/image");
    return FakeApi.JSON.readTree(text);
  }

  private synchronized Reply authed(Request r, java.util.function.Supplier<Reply> then) {
    String token = r.headers().getOrDefault("x-auth-token", "");
    if (!token.equals("token-" + tokens)) {
      return Reply.json(401, "{\"error\":{\"code\":401,\"title\":\"Unauthorized\",\"message\":"
          + "\"The request you have made requires authentication.\"}}");
    }
    assertEquals("compute 2.37", r.headers().getOrDefault("openstack-api-version", "compute 2.37"));
    // Time passes at the cloud with every request, whether or not anyone polls a given server.
    List.copyOf(servers.values()).forEach(this::advance);
    return then.get();
  }

  // ---- glance

  private Reply images(Request r) {
    ObjectNode list = (ObjectNode) sample("glance/images-list-response.json");
    ArrayNode images = (ArrayNode) list.get("images");
    String name = r.param("name");
    for (int i = images.size() - 1; i >= 0; i--) {
      if (!name.isEmpty() && !name.equals(images.get(i).path("name").asString())) {
        images.remove(i);
      }
    }
    return Reply.json(200, list);
  }

  // ---- nova

  private synchronized Reply create(Request r) {
    JsonNode sample = sample("nova/servers/server-create-req-v237.json");
    JsonShapes.assertConforms(r.body(), sample, Set.of("server.metadata"),
        Set.of("server.key_name"));
    JsonNode s = r.body().path("server");
    for (String required : List.of("name", "imageRef", "flavorRef", "networks")) {
      assertTrue(s.has(required), "server." + required + " is required at 2.37");
    }
    if (s.has("key_name")) {
      assertTrue(s.get("key_name").isString(), "key_name is a string, never null");
    }
    String userData = new String(Base64.getDecoder().decode(s.path("user_data").asString("")),
        StandardCharsets.UTF_8);
    Map<String, String> metadata = new LinkedHashMap<>();
    s.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asString()));
    Server server = new Server(UUID.randomUUID().toString(), s.path("name").asString(),
        s.path("imageRef").asString(), s.path("flavorRef").asString(),
        s.path("key_name").asString(""), userData, metadata);
    server.pollsUntilDone = buildPolls;
    server.failBuild = nextBuildFails;
    nextBuildFails = false;
    servers.put(server.id, server);
    ObjectNode resp = (ObjectNode) sample("nova/servers/server-create-resp.json");
    String text = resp.toString().replace("f5dc173b-6804-445a-a6d8-c705dad5b5eb", server.id);
    return Reply.json(202, text).withHeader("Location",
        api.base() + "/compute/v2.1/" + PROJECT + "/servers/" + server.id);
  }

  private synchronized Reply show(String id) {
    Server s = servers.get(id);
    if (s == null) {
      return notFound(id);
    }
    ObjectNode body = FakeApi.JSON.createObjectNode();
    body.set("server", render(s));
    return Reply.json(200, body);
  }

  /** One step of cloud time moves a server along: BUILD for a while, then ACTIVE or ERROR; deleting, then gone. */
  private void advance(Server s) {
    if (s.deleting) {
      servers.remove(s.id);
      return;
    }
    if (s.status.equals("BUILD")) {
      if (s.pollsUntilDone-- <= 0) {
        s.status = s.failBuild ? "ERROR" : "ACTIVE";
      }
    }
  }

  private ObjectNode render(Server s) {
    ObjectNode server = (ObjectNode) sample("nova/servers/server-get-resp.json").get("server");
    server.put("id", s.id);
    server.put("name", s.name);
    server.put("status", s.status);
    if (s.keyName.isEmpty()) {
      server.putNull("key_name");
    } else {
      server.put("key_name", s.keyName);
    }
    ((ObjectNode) server.get("image")).put("id", s.imageRef);
    ((ObjectNode) server.get("flavor")).put("id", s.flavorRef);
    ObjectNode md = server.putObject("metadata");
    s.metadata.forEach(md::put);
    switch (s.status) {
      case "BUILD" -> {
        server.put("OS-EXT-STS:vm_state", "building");
        server.put("OS-EXT-STS:task_state", "spawning");
        server.putObject("addresses");
      }
      case "ERROR" -> {
        server.put("OS-EXT-STS:vm_state", "error");
        server.set("fault", sample("nova/api-guide-faults/server-get-error-fault-excerpt.json")
            .path("server").path("fault"));
      }
      default -> { }
    }
    if (s.deleting) {
      server.put("OS-EXT-STS:task_state", "deleting");
    }
    return server;
  }

  private synchronized Reply detail(Request r) {
    List<Server> all = List.copyOf(servers.values());
    int from = 0;
    String marker = r.param("marker");
    if (!marker.isEmpty()) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id.equals(marker)) {
          from = i + 1;
        }
      }
    }
    int to = Math.min(all.size(), from + pageSize);
    ObjectNode body = (ObjectNode) sample("nova/servers/servers-details-resp.json");
    ArrayNode list = body.putArray("servers");
    for (Server s : all.subList(from, to)) {
      list.add(render(s));
    }
    ArrayNode links = body.putArray("servers_links");
    if (to < all.size()) {
      links.addObject().put("rel", "next").put("href", api.base() + "/compute/v2.1/" + PROJECT
          + "/servers/detail?limit=" + pageSize + "&marker=" + all.get(to - 1).id);
    }
    return Reply.json(200, body);
  }

  private synchronized Reply delete(String id) {
    Server s = servers.get(id);
    if (s == null) {
      return notFound(id);
    }
    s.deleting = true;
    return Reply.empty(204);
  }

  private synchronized Reply metadata(Request r) {
    Server s = servers.get(r.group(1));
    if (s == null) {
      return notFound(r.group(1));
    }
    assertEquals(Set.of("metadata"), Set.copyOf(r.body().propertyNames()));
    s.metadata.clear();
    r.body().path("metadata").properties().forEach(e -> s.metadata.put(e.getKey(),
        e.getValue().asString()));
    return Reply.json(200, r.body());
  }

  private Reply notFound(String id) {
    String text = sample("nova/api-guide-faults/sync-fault-itemNotFound.json").toString()
        .replace("Aggregate agg_h1", "Instance " + id);
    return Reply.json(404, text);
  }

  JsonNode sample(String relative) {
    try {
      return FakeApi.JSON.readTree(Files.readString(dir.resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
