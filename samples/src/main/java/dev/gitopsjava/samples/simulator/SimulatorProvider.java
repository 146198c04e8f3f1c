package dev.gitopsjava.samples.simulator;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Provider {@code simulator}: a pretend cloud kept in a JSON file, so the {@code gitops provision}
 * commands can be tried (and tested) without an account. <b>It creates no machines.</b> Every image
 * and flavor name resolves ({@code sim-image-<name>}, {@code sim-flavor-<name>}), creates finish at
 * once, and the "cloud" is the file named by the spec's provider option {@code file} (relative to
 * the working directory) or, failing that, the environment variable {@code GITOPS_SIMULATOR_FILE}.
 *
 * <pre>
 * provider: {name: simulator, version: "~&gt; 1.0", options: {file: sim-cloud.json}}
 * </pre>
 */
public final class SimulatorProvider implements ComputeProvider {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final @Nullable Path file;

  /** The unconfigured instance ServiceLoader makes. */
  public SimulatorProvider() {
    this(null);
  }

  private SimulatorProvider(@Nullable Path file) {
    this.file = file;
  }

  @Override
  public String name() {
    return "simulator";
  }

  @Override
  public String version() {
    return "1.0.0";
  }

  @Override
  public ComputeProvider configure(ProviderSettings settings) {
    Optional<String> path = settings.option("file").or(() -> settings.env("GITOPS_SIMULATOR_FILE"));
    if (path.isEmpty()) {
      throw new PermanentProviderException(name(), "set provider option file (or environment "
          + "variable GITOPS_SIMULATOR_FILE) to the simulated cloud's JSON file");
    }
    return new SimulatorProvider(Path.of(path.get()));
  }

  @Override
  public String resolveImage(String region, String imageName) {
    return "sim-image-" + imageName;
  }

  @Override
  public String resolveFlavor(String region, String flavorName) {
    return "sim-flavor-" + flavorName;
  }

  @Override
  public synchronized ProviderAction create(CreateRequest request) {
    Cloud cloud = load();
    if (cloud.servers.values().stream().anyMatch(s -> s.name().equals(request.name()))) {
      throw new PermanentProviderException(name(), "create " + request.name()
          + ": name already in use");
    }
    String id = "sim-" + cloud.nextId++;
    cloud.servers.put(id, new ProviderInstance(id, request.name(), request.region(),
        request.imageId(), request.flavorId(), ProviderInstance.Status.ACTIVE, request.labels(),
        List.of("198.51.100." + (cloud.nextId % 250))));
    save(cloud);
    return ProviderAction.succeeded("create-" + id, ProviderAction.Kind.CREATE, request.region(), id);
  }

  @Override
  public synchronized Optional<ProviderInstance> get(String region, String instanceId) {
    return Optional.ofNullable(load().servers.get(instanceId)).filter(s -> s.region().equals(region));
  }

  @Override
  public synchronized List<ProviderInstance> list(String region, Map<String, String> labels) {
    return load().servers.values().stream().filter(s -> s.region().equals(region))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).toList();
  }

  @Override
  public synchronized ProviderAction setLabels(
      String region, String instanceId, Map<String, String> labels) {
    Cloud cloud = load();
    ProviderInstance s = cloud.servers.get(instanceId);
    if (s == null) {
      throw new PermanentProviderException(name(), "set labels: no server " + instanceId);
    }
    cloud.servers.put(instanceId, new ProviderInstance(s.id(), s.name(), s.region(), s.imageId(),
        s.flavorId(), s.status(), labels, s.addresses()));
    save(cloud);
    return ProviderAction.succeeded("update-" + instanceId, ProviderAction.Kind.UPDATE, region,
        instanceId);
  }

  @Override
  public synchronized ProviderAction delete(String region, String instanceId) {
    Cloud cloud = load();
    cloud.servers.remove(instanceId);
    save(cloud);
    return ProviderAction.succeeded("delete-" + instanceId, ProviderAction.Kind.DELETE, region,
        instanceId);
  }

  @Override
  public ProviderAction refresh(ProviderAction action) {
    return action;
  }

  private static final class Cloud {
    long nextId = 1;
    final Map<String, ProviderInstance> servers = new LinkedHashMap<>();
  }

  private Path file() {
    if (file == null) {
      throw new PermanentProviderException(name(), "not configured");
    }
    return file;
  }

  private Cloud load() {
    Cloud cloud = new Cloud();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file()));
    } catch (NoSuchFileException e) {
      return cloud;
    } catch (IOException e) {
      throw new PermanentProviderException(name(), "cannot read " + file + ": " + e.getMessage());
    }
    cloud.nextId = root.path("next_id").asLong(1);
    for (JsonNode s : root.path("servers")) {
      Map<String, String> labels = new LinkedHashMap<>();
      s.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
      List<String> addresses = new ArrayList<>();
      s.path("addresses").forEach(a -> addresses.add(a.asString()));
      ProviderInstance i = new ProviderInstance(s.path("id").asString(), s.path("name").asString(),
          s.path("region").asString(), s.path("image_id").asString(),
          s.path("flavor_id").asString(), ProviderInstance.Status.valueOf(s.path("status").asString()),
          labels, addresses);
      cloud.servers.put(i.id(), i);
    }
    return cloud;
  }

  private void save(Cloud cloud) {
    ObjectNode root = JSON.createObjectNode();
    root.put("next_id", cloud.nextId);
    ArrayNode servers = root.putArray("servers");
    for (ProviderInstance i : cloud.servers.values()) {
      ObjectNode s = servers.addObject();
      s.put("id", i.id());
      s.put("name", i.name());
      s.put("region", i.region());
      s.put("image_id", i.imageId());
      s.put("flavor_id", i.flavorId());
      s.put("status", i.status().name());
      ObjectNode labels = s.putObject("labels");
      i.labels().forEach(labels::put);
      ArrayNode addresses = s.putArray("addresses");
      i.addresses().forEach(addresses::add);
    }
    try {
      Files.write(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new PermanentProviderException(name(), "cannot write " + file + ": " + e.getMessage());
    }
  }
}
