package dev.gitopsjava.provision.hetzner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.provision.testing.FakeApi;
import dev.gitopsjava.provision.testing.FakeApi.Reply;
import dev.gitopsjava.provision.testing.FakeApi.Request;
import dev.gitopsjava.provision.testing.JsonShapes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hetzner Cloud's API on a loopback port, answering with the spec's examples in
 * ../shared/conformance/hetzner (IDs, names, labels and statuses substituted; {@code error: null}
 * unless an action failed, as the real API does) and checking request bodies against the
 * documented create request.
 */
final class FakeHetzner implements AutoCloseable {
  static final String TOKEN = "hcloud-test-token-0123456789";

  /** A server as the fake holds it. */
  static final class Server {
    final long id;
    final String name;
    final String serverType;
    final String image;
    final String location;
    final List<String> sshKeys;
    final String userData;
    final Map<String, String> labels;
    String status = "initializing";

    Server(long id, String name, String serverType, String image, String location,
        List<String> sshKeys, String userData, Map<String, String> labels) {
      this.id = id;
      this.name = name;
      this.serverType = serverType;
      this.image = image;
      this.location = location;
      this.sshKeys = sshKeys;
      this.userData = userData;
      this.labels = labels;
    }
  }

  /**
   * An action: running for {@code pollsLeft} more API requests (to any endpoint: the cloud works
   * whether or not anyone polls), then success or error.
   */
  static final class Action {
    final long id;
    final String command;
    final long serverId;
    int pollsLeft;
    boolean fails;
    String status = "running";

    Action(long id, String command, long serverId, int pollsLeft) {
      this.id = id;
      this.command = command;
      this.serverId = serverId;
      this.pollsLeft = pollsLeft;
    }
  }

  final FakeApi api;
  final Path dir = Conformance.dir("hetzner");
  final Map<Long, Server> servers = new LinkedHashMap<>();
  final Map<Long, Action> actions = new LinkedHashMap<>();
  long nextId = 100;
  int actionPolls = 1;
  int pageSize = 50;
  boolean nextCreateActionFails;
  long remaining = 3600;
  long resetEpoch = 1_700_000_000L;

  FakeHetzner() throws IOException {
    api = new FakeApi();
    api.decorate(r -> r.withHeader("RateLimit-Limit", "3600")
        .withHeader("RateLimit-Remaining", Long.toString(remaining))
        .withHeader("RateLimit-Reset", Long.toString(resetEpoch)));
    api.route("GET", "/v1/locations", r -> authed(r, () -> named("locations",
        sample("hcloud-go-schema/location.json"), r.param("name"))));
    api.route("GET", "/v1/server_types", r -> authed(r, () -> named("server_types",
        sample("hcloud-go-schema/server_type.json"), r.param("name"))));
    api.route("GET", "/v1/images", r -> authed(r, () -> images(r)));
    api.route("POST", "/v1/servers", r -> authed(r, () -> create(r)));
    api.route("GET", "/v1/servers", r -> authed(r, () -> list(r)));
    api.route("GET", "/v1/servers/(\\d+)", r -> authed(r, () -> show(Long.parseLong(r.group(1)))));
    api.route("PUT", "/v1/servers/(\\d+)", r -> authed(r, () -> update(r)));
    api.route("DELETE", "/v1/servers/(\\d+)", r -> authed(r,
        () -> delete(Long.parseLong(r.group(1)))));
    api.route("GET", "/v1/actions", r -> authed(r, () -> pollActions(r)));
  }

  String endpoint() {
    return api.base() + "/v1";
  }

  synchronized List<Server> live() {
    return List.copyOf(servers.values());
  }

  private synchronized Reply authed(Request r, java.util.function.Supplier<Reply> then) {
    if (!("Bearer " + TOKEN).equals(r.headers().get("authorization"))) {
      return Reply.json(401,
          "{\"error\":{\"code\":\"unauthorized\",\"message\":\"unable to authenticate\"}}");
    }
    tick();
    return then.get();
  }

  /** Time passes at the cloud: every request moves every running action one step. */
  private void tick() {
    for (Action a : List.copyOf(actions.values())) {
      if (a.status.equals("running") && a.pollsLeft-- <= 0) {
        a.status = a.fails ? "error" : "success";
        finish(a);
      }
    }
  }

  private Reply named(String key, JsonNode item, String name) {
    ObjectNode body = FakeApi.JSON.createObjectNode();
    ArrayNode list = body.putArray(key);
    if (name.isEmpty() || name.equals(item.path("name").asString())) {
      list.add(item);
    }
    ObjectNode pagination = (ObjectNode) sample("hcloud-go-schema/meta_pagination.json");
    pagination.put("page", 1).put("last_page", 1).put("total_entries", list.size());
    pagination.putNull("next_page").putNull("previous_page");
    body.putObject("meta").set("pagination", pagination);
    return Reply.json(200, body);
  }

  /** The image embedded in the create example (ubuntu-24.04, x86, id 4711). */
  private Reply images(Request r) {
    JsonNode image = sample("examples/create_server.201.json").path("server").path("image");
    String arch = r.param("architecture");
    if (!arch.isEmpty() && !arch.equals(image.path("architecture").asString())) {
      return named("images", image, "\u0000none");
    }
    return named("images", image, r.param("name"));
  }

  private synchronized Reply create(Request r) {
    JsonShapes.assertConforms(r.body(), sample("rendered/create_server.request.json"),
        Set.of("labels"), Set.of());
    JsonNode b = r.body();
    for (String required : List.of("name", "server_type", "image")) {
      assertTrue(b.has(required), required + " is required");
    }
    assertTrue(b.path("user_data").asString("").startsWith("#cloud-config"),
        "user_data is plain cloud-config text, not base64");
    String name = b.path("name").asString();
    if (servers.values().stream().anyMatch(s -> s.name.equals(name))) {
      ObjectNode error = (ObjectNode) sample("errors/hetzner-docs/uniqueness_error.json");
      ((ObjectNode) error.get("error")).put("message", "server name is already used");
      ((ObjectNode) error.path("error").path("details").path("fields").get(0)).put("name", "name");
      return Reply.json(409, error);
    }
    List<String> keys = new ArrayList<>();
    b.path("ssh_keys").forEach(k -> keys.add(k.asString()));
    Map<String, String> labels = new LinkedHashMap<>();
    b.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
    Server s = new Server(nextId++, name, b.path("server_type").asString(),
        b.path("image").asString(), b.path("location").asString("fsn1"), keys,
        b.path("user_data").asString(""), labels);
    servers.put(s.id, s);
    Action create = action("create_server", s.id);
    create.fails = nextCreateActionFails;
    nextCreateActionFails = false;
    Action start = action("start_server", s.id);
    ObjectNode body = (ObjectNode) sample("examples/create_server.201.json");
    body.set("action", render(create));
    body.putArray("next_actions").add(render(start));
    body.set("server", render(s));
    body.putNull("root_password"); // ssh_keys were given
    return Reply.json(201, body);
  }

  private Action action(String command, long serverId) {
    Action a = new Action(nextId++, command, serverId, actionPolls);
    actions.put(a.id, a);
    return a;
  }

  private ObjectNode render(Action a) {
    ObjectNode action = (ObjectNode) sample("hcloud-go-schema/action.json");
    action.put("id", a.id);
    action.put("command", a.command);
    action.put("status", a.status);
    action.put("progress", a.status.equals("running") ? 0 : 100);
    if (a.status.equals("running")) {
      action.putNull("finished");
    }
    ((ObjectNode) action.path("resources").get(0)).put("id", a.serverId);
    if (a.status.equals("error")) {
      action.putObject("error").put("code", "action_failed").put("message", "Action failed");
    } else {
      action.putNull("error");
    }
    return action;
  }

  private ObjectNode render(Server s) {
    ObjectNode server = (ObjectNode) sample("rendered/get_server.200.json").get("server");
    server.put("id", s.id);
    server.put("name", s.name);
    server.put("status", s.status);
    ObjectNode labels = server.putObject("labels");
    s.labels.forEach(labels::put);
    ((ObjectNode) server.get("location")).put("name", s.location);
    JsonNode type = sample("hcloud-go-schema/server_type.json");
    ((ObjectNode) server.get("server_type")).put("id", type.path("name").asString()
        .equals(s.serverType) ? type.path("id").asLong() : parseOr(s.serverType, 0));
    ((ObjectNode) server.get("image")).put("id", parseOr(s.image, 4711));
    return server;
  }

  private static long parseOr(String s, long fallback) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private synchronized Reply show(long id) {
    Server s = servers.get(id);
    if (s == null) {
      return notFound();
    }
    ObjectNode body = FakeApi.JSON.createObjectNode();
    body.set("server", render(s));
    return Reply.json(200, body);
  }

  private synchronized Reply list(Request r) {
    List<Server> matching = servers.values().stream()
        .filter(s -> LabelSelector.matches(r.param("label_selector"), s.labels))
        .filter(s -> r.param("name").isEmpty() || r.param("name").equals(s.name)).toList();
    int perPage = Math.min(pageSize, Integer.parseInt(r.param("per_page").isEmpty() ? "25"
        : r.param("per_page")));
    int page = Integer.parseInt(r.param("page").isEmpty() ? "1" : r.param("page"));
    int last = Math.max(1, (matching.size() + perPage - 1) / perPage);
    ObjectNode body = (ObjectNode) sample("rendered/list_servers.200.json");
    ArrayNode list = body.putArray("servers");
    matching.stream().skip((long) (page - 1) * perPage).limit(perPage)
        .forEach(s -> list.add(render(s)));
    ObjectNode p = (ObjectNode) body.path("meta").path("pagination");
    p.put("page", page).put("per_page", perPage).put("last_page", last)
        .put("total_entries", matching.size());
    if (page < last) {
      p.put("next_page", page + 1);
    } else {
      p.putNull("next_page");
    }
    if (page > 1) {
      p.put("previous_page", page - 1);
    } else {
      p.putNull("previous_page");
    }
    return Reply.json(200, body);
  }

  private synchronized Reply update(Request r) {
    Server s = servers.get(Long.parseLong(r.group(1)));
    if (s == null) {
      return notFound();
    }
    assertEquals(Set.of("labels"), Set.copyOf(r.body().propertyNames()));
    s.labels.clear();
    r.body().path("labels").properties().forEach(e -> s.labels.put(e.getKey(),
        e.getValue().asString()));
    ObjectNode body = FakeApi.JSON.createObjectNode();
    body.set("server", render(s));
    return Reply.json(200, body);
  }

  private synchronized Reply delete(long id) {
    Server s = servers.get(id);
    if (s == null) {
      return notFound();
    }
    s.status = "deleting";
    Action a = action("delete_server", id);
    ObjectNode body = (ObjectNode) sample("rendered/delete_server.200.json");
    body.set("action", render(a));
    return Reply.json(200, body);
  }

  private synchronized Reply pollActions(Request r) {
    ObjectNode body = (ObjectNode) sample("rendered/get_multiple_actions.200.json");
    ArrayNode list = body.putArray("actions");
    for (String id : r.query().getOrDefault("id", List.of())) {
      Action a = actions.get(Long.parseLong(id));
      if (a != null) {
        list.add(render(a));
      }
    }
    return Reply.json(200, body);
  }

  private void finish(Action a) {
    Server s = servers.get(a.serverId);
    if (s == null) {
      return;
    }
    switch (a.command) {
      case "start_server" -> s.status = "running";
      case "delete_server" -> servers.remove(a.serverId);
      case "create_server" -> s.status = a.status.equals("error") ? "off" : "starting";
      default -> { }
    }
  }

  private Reply notFound() {
    return Reply.json(404,
        "{\"error\":{\"code\":\"not_found\",\"message\":\"server not found\",\"details\":null}}");
  }

  JsonNode sample(String relative) {
    try {
      return FakeApi.JSON.readTree(Files.readString(dir.resolve(relative)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String sampleText(String relative) {
    try {
      return Files.readString(dir.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    api.close();
  }
}
