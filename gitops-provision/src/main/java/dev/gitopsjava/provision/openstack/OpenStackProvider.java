package dev.gitopsjava.provision.openstack;

import dev.gitopsjava.provision.cloudinit.UserDataLimit;
import dev.gitopsjava.provision.internal.DurationOption;
import dev.gitopsjava.provision.internal.HttpFailures;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.internal.ResponseId;
import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.ProviderSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenStack Nova (servers, flavors) and Glance (images) behind Keystone v3.
 *
 * <p>Settings (spec option / environment variable): {@code auth_url}/{@code OS_AUTH_URL};
 * {@code username}/{@code OS_USERNAME} or {@code user_id}/{@code OS_USER_ID} with {@code
 * OS_PASSWORD}, {@code user_domain_name}/{@code OS_USER_DOMAIN_NAME} (default {@code Default}),
 * {@code project_name}/{@code OS_PROJECT_NAME} or {@code project_id}/{@code OS_PROJECT_ID},
 * {@code project_domain_name}/{@code OS_PROJECT_DOMAIN_NAME}; or {@code
 * application_credential_id}/{@code OS_APPLICATION_CREDENTIAL_ID} (or {@code _name}) with {@code
 * OS_APPLICATION_CREDENTIAL_SECRET}. Also {@code interface} (default {@code public}), {@code
 * network} ({@code auto}, {@code none} or a network UUID; default {@code auto}), {@code
 * compute_microversion} (default 2.37), {@code poll_interval} and {@code timeout} (ISO-8601).
 *
 * <p>Labels are Nova server metadata. Instance names are not unique in Nova, so the engine's
 * look-before-create relies on {@link #list} matching the ownership metadata.
 */
public final class OpenStackProvider implements ComputeProvider {
  static final String NAME = "openstack";
  static final String VERSION = "1.0.0";
  static final String DEFAULT_MICROVERSION = "2.37";

  private final @Nullable Config config;

  /** Unconfigured, as {@link java.util.ServiceLoader} creates it. */
  public OpenStackProvider() {
    this.config = null;
  }

  private OpenStackProvider(Config config) {
    this.config = config;
  }

  private record Config(KeystoneSession keystone, JsonHttp http, Clock clock, String iface,
      String network, String microversion, Duration pollInterval) {}

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
  static OpenStackProvider configure(ProviderSettings settings, HttpClient client, Clock clock) {
    OpenStackCredentials credentials = OpenStackCredentials.from(settings);
    Duration timeout = DurationOption.read(NAME, settings, "timeout", Duration.ofSeconds(60));
    JsonHttp http = new JsonHttp(NAME, client, timeout);
    return new OpenStackProvider(new Config(
        new KeystoneSession(http, credentials, clock), http, clock,
        OpenStackCredentials.setting(settings, "interface", "OS_INTERFACE").orElse("public"),
        settings.option("network").orElse("auto"),
        settings.option("compute_microversion").orElse(DEFAULT_MICROVERSION),
        DurationOption.read(NAME, settings, "poll_interval", Duration.ofSeconds(3))));
  }


  private Config config() {
    if (config == null) {
      throw new PermanentProviderException(NAME, "provider not configured; call configure()");
    }
    return config;
  }

  /**
   * Metadata changes in place. A flavor change would be a Nova resize (with a confirm step and a
   * reboot); this provider does not do resizes yet, so it asks the engine to replace.
   */
  @Override
  public Set<InstanceAttribute> updatableInPlace() {
    return Set.of(InstanceAttribute.LABELS);
  }

  /** Nova caps the base64 text at 65535 characters: 49149 raw bytes. */
  @Override
  public int maxUserDataBytes() {
    return (int) (UserDataLimit.OPENSTACK.maximum() / 4 * 3);
  }

  @Override
  public Duration pollInterval() {
    return config == null ? Duration.ofSeconds(3) : config.pollInterval();
  }

  // ---- images and flavors

  @Override
  public String resolveImage(String region, String imageName) {
    URI glance = config().keystone().endpoint("image", config().iface(), region);
    URI uri = URI.create(glance + "/v2/images?name=" + encode(imageName) + "&status=active");
    JsonNode body = call("GET", uri, null).body();
    List<String> ids = new ArrayList<>();
    for (JsonNode image : body.path("images")) {
      if (imageName.equals(image.path("name").asString(""))) {
        ids.add(ResponseId.read(NAME, "GET /v2/images", "images[].id", image.path("id")));
      }
    }
    if (ids.size() != 1) {
      throw new PermanentProviderException(NAME, ids.isEmpty()
          ? "no active image named '" + imageName + "' in region " + region
          : "image name '" + imageName + "' is ambiguous in region " + region + ": " + ids);
    }
    return ids.get(0);
  }

  @Override
  public String resolveFlavor(String region, String flavorName) {
    URI uri = URI.create(compute(region) + "/flavors");
    List<String> ids = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (JsonNode flavor : call("GET", uri, null).body().path("flavors")) {
      names.add(flavor.path("name").asString(""));
      if (flavorName.equals(flavor.path("name").asString(""))) {
        ids.add(ResponseId.read(NAME, "GET /flavors", "flavors[].id", flavor.path("id")));
      }
    }
    if (ids.size() != 1) {
      throw new PermanentProviderException(NAME, ids.isEmpty()
          ? "no flavor named '" + flavorName + "' in region " + region + " (has: " + names + ")"
          : "flavor name '" + flavorName + "' is ambiguous in region " + region + ": " + ids);
    }
    return ids.get(0);
  }

  // ---- servers

  @Override
  public ProviderAction create(CreateRequest request) {
    if (request.sshKeys().size() > 1) {
      throw new PermanentProviderException(NAME, "instance " + request.name()
          + ": Nova takes one key_name per server, got " + request.sshKeys().size()
          + "; add the others to the user data's ssh_authorized_keys");
    }
    long size = UserDataLimit.OPENSTACK.measure(request.userData());
    if (size > UserDataLimit.OPENSTACK.maximum()) {
      throw new PermanentProviderException(NAME, "instance " + request.name() + ": user_data is "
          + size + " base64 characters, Nova accepts " + UserDataLimit.OPENSTACK.maximum());
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode server = body.putObject("server");
    server.put("name", request.name());
    server.put("imageRef", request.imageId());
    server.put("flavorRef", request.flavorId());
    String network = config().network();
    if (network.equals("auto") || network.equals("none")) {
      server.put("networks", network);
    } else {
      server.putArray("networks").addObject().put("uuid", network);
    }
    if (!request.sshKeys().isEmpty()) {
      server.put("key_name", request.sshKeys().get(0));
    }
    server.put("user_data", Base64.getEncoder()
        .encodeToString(request.userData().getBytes(StandardCharsets.UTF_8)));
    ObjectNode metadata = server.putObject("metadata");
    request.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> metadata.put(e.getKey(), e.getValue()));
    URI uri = URI.create(compute(request.region()) + "/servers");
    JsonNode created = call("POST", uri, body).body().path("server");
    String id = created.path("id").asString("");
    if (id.isEmpty()) {
      throw new PermanentProviderException(NAME, "POST " + uri.getRawPath()
          + ": accepted but the response has no server.id (instance " + request.name() + ")");
    }
    return ProviderAction.running(id, ProviderAction.Kind.CREATE, request.region(), id);
  }

  @Override
  public Optional<ProviderInstance> get(String region, String instanceId) {
    JsonHttp.Response r = send("GET", URI.create(compute(region) + "/servers/" + encode(instanceId)),
        null);
    if (r.status() == 404) {
      return Optional.empty();
    }
    requireOk(r, "GET", "/servers/" + instanceId);
    JsonNode server = r.body().path("server");
    String status = server.path("status").asString("");
    if (status.equals("DELETED") || status.equals("SOFT_DELETED")) {
      return Optional.empty();
    }
    return Optional.of(NovaServers.instance(server, region));
  }

  @Override
  public List<ProviderInstance> list(String region, Map<String, String> labels) {
    List<ProviderInstance> found = new ArrayList<>();
    URI next = URI.create(compute(region) + "/servers/detail");
    for (int page = 0; page < 10_000; page++) {
      JsonNode body = call("GET", next, null).body();
      for (JsonNode server : body.path("servers")) {
        ProviderInstance instance = NovaServers.instance(server, region);
        if (instance.labels().entrySet().containsAll(labels.entrySet())
            && !server.path("status").asString("").equals("DELETED")) {
          found.add(instance);
        }
      }
      Optional<URI> more = NovaServers.nextLink(body.path("servers_links"));
      if (more.isEmpty() || body.path("servers").isEmpty()) {
        return found;
      }
      next = more.get();
    }
    throw new PermanentProviderException(NAME, "GET /servers/detail: too many pages");
  }

  @Override
  public ProviderAction setLabels(String region, String instanceId, Map<String, String> labels) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ObjectNode metadata = body.putObject("metadata");
    labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> metadata.put(e.getKey(), e.getValue()));
    call("PUT", URI.create(compute(region) + "/servers/" + encode(instanceId) + "/metadata"), body);
    return ProviderAction.succeeded(instanceId, ProviderAction.Kind.UPDATE, region, instanceId);
  }

  @Override
  public ProviderAction delete(String region, String instanceId) {
    JsonHttp.Response r = send("DELETE",
        URI.create(compute(region) + "/servers/" + encode(instanceId)), null);
    if (r.status() == 404) {
      return ProviderAction.succeeded(instanceId, ProviderAction.Kind.DELETE, region, instanceId);
    }
    requireOk(r, "DELETE", "/servers/" + instanceId);
    return ProviderAction.running(instanceId, ProviderAction.Kind.DELETE, region, instanceId);
  }

  /** Nova has no action objects: the server's own status is polled (BUILD → ACTIVE/ERROR). */
  @Override
  public ProviderAction refresh(ProviderAction action) {
    if (action.done()) {
      return action;
    }
    String region = action.region();
    String id = action.instanceId();
    JsonHttp.Response r = send("GET", URI.create(compute(region) + "/servers/" + encode(id)), null);
    boolean gone = r.status() == 404;
    if (!gone) {
      requireOk(r, "GET", "/servers/" + id);
    }
    JsonNode server = r.body().path("server");
    String status = server.path("status").asString("");
    return switch (action.kind()) {
      case DELETE -> gone || status.equals("DELETED") || status.equals("SOFT_DELETED")
          ? ProviderAction.succeeded(action.id(), action.kind(), region, id) : action;
      case CREATE -> {
        if (gone) {
          yield ProviderAction.failed(action.id(), action.kind(), region, id,
              "server " + id + " disappeared while building");
        } else if (status.equals("ACTIVE")) {
          yield ProviderAction.succeeded(action.id(), action.kind(), region, id);
        } else if (status.equals("ERROR")) {
          String fault = server.path("fault").path("message").asString("");
          yield ProviderAction.failed(action.id(), action.kind(), region, id,
              "server " + id + " went to ERROR" + (fault.isEmpty() ? "" : ": " + fault));
        } else {
          yield action;
        }
      }
      case UPDATE -> ProviderAction.succeeded(action.id(), action.kind(), region, id);
    };
  }

  // ---- HTTP

  private URI compute(String region) {
    return config().keystone().endpoint("compute", config().iface(), region);
  }

  private JsonHttp.Response call(String method, URI uri, @Nullable JsonNode body) {
    JsonHttp.Response r = send(method, uri, body);
    requireOk(r, method, uri.getRawPath());
    return r;
  }

  /** One request with the cached token; once more with a new token if it was rejected (401). */
  private JsonHttp.Response send(String method, URI uri, @Nullable JsonNode body) {
    Config c = config();
    JsonHttp.Response r = c.http().exchange(method, uri, headers(c), body);
    if (r.status() == 401) {
      c.keystone().invalidate();
      r = c.http().exchange(method, uri, headers(c), body);
    }
    return r;
  }

  private static Map<String, String> headers(Config c) {
    Map<String, String> h = new HashMap<>();
    h.put("X-Auth-Token", c.keystone().token().value());
    h.put("OpenStack-API-Version", "compute " + c.microversion());
    return h;
  }

  private void requireOk(JsonHttp.Response r, String method, String path) {
    if (r.ok()) {
      return;
    }
    throw failure(r, method + " " + path);
  }

  private ProviderException failure(JsonHttp.Response r, String request) {
    // Nova: {"itemNotFound": {"code": 404, "message": "..."}}; the key is the fault name.
    String message = "";
    Optional<java.time.Duration> retryAfter = HttpFailures.retryAfter(r.headers(), config().clock());
    if (r.body().isObject() && r.body().size() == 1) {
      String fault = r.body().propertyNames().iterator().next();
      JsonNode detail = r.body().get(fault);
      message = fault + ": " + detail.path("message").asString("");
      if (retryAfter.isEmpty() && detail.path("retryAfter").asString("").matches("\\d{1,9}")) {
        retryAfter = Optional.of(Duration.ofSeconds(Long.parseLong(
            detail.path("retryAfter").asString())));
      }
    }
    return HttpFailures.of(NAME, request, r.status(), message, retryAfter);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
