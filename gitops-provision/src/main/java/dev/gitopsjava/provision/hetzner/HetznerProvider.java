package dev.gitopsjava.provision.hetzner;

import dev.gitopsjava.provision.cloudinit.UserDataLimit;
import dev.gitopsjava.provision.internal.DurationOption;
import dev.gitopsjava.provision.internal.HttpFailures;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.internal.ResponseId;
import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.ProviderSettings;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hetzner Cloud: {@code POST /servers} and its actions, {@code GET /servers?label_selector=},
 * locations, server types and images by name.
 *
 * <p>Settings: the token from {@code HCLOUD_TOKEN} (environment only); options {@code endpoint}
 * (default {@code https://api.hetzner.cloud/v1}), {@code architecture} for image lookups (default
 * {@code x86}), {@code poll_interval} and {@code timeout} (ISO-8601 durations).
 *
 * <p>Errors: 429 is {@link RateLimitedException} with the wait from {@code Retry-After} or else
 * from the {@code RateLimit-*} headers; {@code conflict}, {@code locked}, 408 and 5xx are
 * transient; {@code uniqueness_error} and every other 4xx are permanent with the API's code and
 * message (a duplicate name is not fixed by retrying: the engine looks the instance up instead).
 */
public final class HetznerProvider implements ComputeProvider {
  static final String NAME = "hetzner";
  static final String VERSION = "1.0.0";
  static final URI DEFAULT_ENDPOINT = URI.create("https://api.hetzner.cloud/v1");
  private static final int PER_PAGE = 50;

  private final @Nullable Config config;

  /** Unconfigured, as {@link java.util.ServiceLoader} creates it. */
  public HetznerProvider() {
    this.config = null;
  }

  private HetznerProvider(Config config) {
    this.config = config;
  }

  private record Config(JsonHttp http, URI endpoint, String token, String architecture,
      Clock clock, Duration pollInterval, AtomicReference<Optional<RateLimit>> rateLimit) {
    @Override
    public String toString() {
      return "Config[endpoint=" + endpoint + "]";
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String version() {
    return VERSION;
  }

  @Override
  public ComputeProvider configure(ProviderSettings settings) {
    return configure(settings, JsonHttp.defaultClient(), Clock.systemUTC());
  }

  /** For tests: a given HTTP client and clock. */
  static HetznerProvider configure(ProviderSettings settings, HttpClient client, Clock clock) {
    String token = settings.env("HCLOUD_TOKEN").orElseThrow(() ->
        new PermanentProviderException(NAME, "missing setting: HCLOUD_TOKEN"));
    String endpoint = settings.option("endpoint").orElse(DEFAULT_ENDPOINT.toString());
    if (endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    return new HetznerProvider(new Config(
        new JsonHttp(NAME, client, DurationOption.read(NAME, settings, "timeout", Duration.ofSeconds(60))),
        URI.create(endpoint), token, settings.option("architecture").orElse("x86"), clock,
        DurationOption.read(NAME, settings, "poll_interval", Duration.ofMillis(500)),
        new AtomicReference<>(Optional.empty())));
  }


  private Config config() {
    if (config == null) {
      throw new PermanentProviderException(NAME, "provider not configured; call configure()");
    }
    return config;
  }

  /** The rate-limit headers of the last response, if it had them. */
  Optional<RateLimit> lastRateLimit() {
    return config().rateLimit().get();
  }

  @Override
  public int maxUserDataBytes() {
    return (int) UserDataLimit.HETZNER.maximum();
  }

  @Override
  public Duration pollInterval() {
    return config == null ? Duration.ofMillis(500) : config.pollInterval();
  }

  // ---- locations, server types, images

  @Override
  public String resolveImage(String region, String imageName) {
    JsonNode body = call("GET", "/images?name=" + encode(imageName) + "&architecture="
        + encode(config().architecture()), null).body();
    List<String> ids = new ArrayList<>();
    for (JsonNode image : body.path("images")) {
      if (imageName.equals(image.path("name").asString(""))) {
        ids.add(ResponseId.read(NAME, "GET /images", "images[].id", image.path("id")));
      }
    }
    if (ids.size() != 1) {
      throw new PermanentProviderException(NAME, ids.isEmpty()
          ? "no " + config().architecture() + " image named '" + imageName + "'"
          : "image name '" + imageName + "' is ambiguous: " + ids);
    }
    return ids.get(0);
  }

  /** The server type's ID, after checking that the location exists and offers that type. */
  @Override
  public String resolveFlavor(String region, String flavorName) {
    JsonNode locations = call("GET", "/locations?name=" + encode(region), null).body()
        .path("locations");
    if (locations.isEmpty()) {
      throw new PermanentProviderException(NAME, "no location named '" + region + "'");
    }
    JsonNode types = call("GET", "/server_types?name=" + encode(flavorName), null).body()
        .path("server_types");
    for (JsonNode type : types) {
      if (!flavorName.equals(type.path("name").asString(""))) {
        continue;
      }
      JsonNode offered = type.path("locations");
      if (!offered.isMissingNode() && !offered.isEmpty()) {
        List<String> names = new ArrayList<>();
        offered.forEach(l -> names.add(l.path("name").asString("")));
        if (!names.contains(region)) {
          throw new PermanentProviderException(NAME, "server type '" + flavorName
              + "' is not offered in location " + region + " (offered in " + names + ")");
        }
      }
      return ResponseId.read(NAME, "GET /server_types", "server_types[].id", type.path("id"));
    }
    throw new PermanentProviderException(NAME, "no server type named '" + flavorName + "'");
  }

  // ---- servers

  @Override
  public ProviderAction create(CreateRequest request) {
    long size = UserDataLimit.HETZNER.measure(request.userData());
    if (size > UserDataLimit.HETZNER.maximum()) {
      throw new PermanentProviderException(NAME, "instance " + request.name() + ": user_data is "
          + size + " bytes, Hetzner accepts " + UserDataLimit.HETZNER.maximum());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("name", request.name());
    body.put("server_type", request.flavorId());
    body.put("image", request.imageId());
    body.put("location", request.region());
    request.sshKeys().forEach(body.putArray("ssh_keys")::add);
    body.put("user_data", request.userData());
    ObjectNode labels = body.putObject("labels");
    request.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> labels.put(e.getKey(), e.getValue()));
    body.put("start_after_create", true);
    JsonNode created = call("POST", "/servers", body).body();
    String serverId = created.path("server").path("id").asString("");
    if (serverId.isEmpty()) {
      throw new PermanentProviderException(NAME,
          "POST /servers: accepted but the response has no server.id (instance "
              + request.name() + ")");
    }
    // Wait for create_server and the start_server that follows it.
    List<JsonNode> actions = new ArrayList<>();
    actions.add(created.path("action"));
    created.path("next_actions").forEach(actions::add);
    return HetznerActions.combine(actions, ProviderAction.Kind.CREATE, request.region(), serverId);
  }

  @Override
  public Optional<ProviderInstance> get(String region, String instanceId) {
    JsonHttp.Response r = send("GET", "/servers/" + encode(instanceId), null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    requireOk(r, "GET /servers/" + instanceId);
    return Optional.of(HetznerServers.instance(r.body().path("server")));
  }

  @Override
  public List<ProviderInstance> list(String region, Map<String, String> labels) {
    String selector = labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "==" + e.getValue()).collect(Collectors.joining(","));
    List<ProviderInstance> found = new ArrayList<>();
    int page = 1;
    for (int guard = 0; guard < 10_000; guard++) {
      String query = "/servers?page=" + page + "&per_page=" + PER_PAGE
          + (selector.isEmpty() ? "" : "&label_selector=" + encode(selector));
      JsonNode body = call("GET", query, null).body();
      for (JsonNode server : body.path("servers")) {
        ProviderInstance instance = HetznerServers.instance(server);
        if (region.isEmpty() || region.equals(instance.region())) {
          found.add(instance);
        }
      }
      JsonNode next = body.path("meta").path("pagination").path("next_page");
      if (!next.isIntegralNumber() || next.intValue() <= page) {
        return found;
      }
      page = next.intValue();
    }
    throw new PermanentProviderException(NAME, "GET /servers: too many pages");
  }

  @Override
  public ProviderAction setLabels(String region, String instanceId, Map<String, String> labels) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode l = body.putObject("labels");
    labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> l.put(e.getKey(), e.getValue()));
    call("PUT", "/servers/" + encode(instanceId), body);
    return ProviderAction.succeeded("labels-" + instanceId, ProviderAction.Kind.UPDATE, region,
        instanceId);
  }

  @Override
  public ProviderAction delete(String region, String instanceId) {
    JsonHttp.Response r = send("DELETE", "/servers/" + encode(instanceId), null);
    if (r.status() == 404) {
      return ProviderAction.succeeded("deleted-" + instanceId, ProviderAction.Kind.DELETE, region,
          instanceId);
    }
    requireOk(r, "DELETE /servers/" + instanceId);
    return HetznerActions.combine(List.of(r.body().path("action")), ProviderAction.Kind.DELETE,
        region, instanceId);
  }

  @Override
  public ProviderAction refresh(ProviderAction action) {
    if (action.done()) {
      return action;
    }
    List<String> ids = HetznerActions.ids(action);
    String query = ids.stream().map(id -> "id=" + encode(id)).collect(Collectors.joining("&"));
    JsonNode body = call("GET", "/actions?" + query, null).body();
    List<JsonNode> actions = new ArrayList<>();
    body.path("actions").forEach(actions::add);
    if (actions.size() != ids.size()) {
      throw new TransientProviderException(NAME, "GET /actions: asked for " + ids.size()
          + " actions, got " + actions.size());
    }
    return HetznerActions.combine(actions, action.kind(), action.region(), action.instanceId());
  }

  // ---- HTTP

  private JsonHttp.Response call(String method, String pathAndQuery, @Nullable JsonNode body) {
    JsonHttp.Response r = send(method, pathAndQuery, body);
    requireOk(r, method + " " + pathAndQuery.replaceFirst("\\?.*", ""));
    return r;
  }

  private JsonHttp.Response send(String method, String pathAndQuery, @Nullable JsonNode body) {
    Config c = config();
    JsonHttp.Response r = c.http().exchange(method, URI.create(c.endpoint() + pathAndQuery),
        Map.of("Authorization", "Bearer " + c.token()), body);
    RateLimit.from(r.headers()).ifPresent(limit -> c.rateLimit().set(Optional.of(limit)));
    return r;
  }

  private void requireOk(JsonHttp.Response r, String request) {
    if (r.ok()) {
      return;
    }
    throw failure(r, request);
  }

  private ProviderException failure(JsonHttp.Response r, String request) {
    Config c = config();
    JsonNode error = r.body().path("error");
    String code = error.path("code").asString("");
    String message = code + (error.path("message").asString("").isEmpty() ? ""
        : ": " + error.path("message").asString(""));
    if (r.status() == 429) {
      Optional<Duration> wait = HttpFailures.retryAfter(r.headers(), c.clock())
          .or(() -> RateLimit.from(r.headers()).map(l -> l.waitForOne(c.clock())));
      return new RateLimitedException(NAME, request + ": HTTP 429: " + message, wait);
    }
    if (Set.of("uniqueness_error", "protected").contains(code)) {
      return new PermanentProviderException(NAME, request + ": HTTP " + r.status() + ": "
          + message);
    }
    return HttpFailures.of(NAME, request, r.status(), message, Optional.empty());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
