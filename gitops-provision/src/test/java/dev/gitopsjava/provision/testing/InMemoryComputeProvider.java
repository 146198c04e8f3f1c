package dev.gitopsjava.provision.testing;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link ComputeProvider} held in memory for tests: a catalog of images and flavors, instances
 * in a map, actions that finish after a set number of polls, and scripted faults (errors before a
 * call, a create whose response is lost, actions that fail).
 *
 * <p>Thread-safe (every method synchronized), so the engine's parallel apply can use it.
 */
public final class InMemoryComputeProvider implements ComputeProvider {

  /** Provider calls, for fault scripts and call counts. */
  public enum Call {
    RESOLVE_IMAGE,
    RESOLVE_FLAVOR,
    CREATE,
    GET,
    LIST,
    SET_LABELS,
    DELETE,
    REFRESH
  }

  private final String name;
  private final String version;
  private final Map<String, Map<String, String>> images = new HashMap<>();
  private final Map<String, Map<String, String>> flavors = new HashMap<>();
  private final Map<String, ProviderInstance> instances = new LinkedHashMap<>();
  private final Map<String, ProviderAction> actions = new HashMap<>();
  private final Map<String, Integer> pollsLeft = new HashMap<>();
  private final Map<String, String> failingActions = new HashMap<>();
  private final Map<Call, Deque<ProviderException>> faults = new EnumMap<>(Call.class);
  private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
  private final List<Consumer<CreateRequest>> createListeners = new ArrayList<>();
  private int lostCreateResponses;
  private int failNextCreateActions;
  private int pollsPerAction;
  private long nextId = 1;

  public InMemoryComputeProvider(String name, String version) {
    this.name = name;
    this.version = version;
  }

  /** A provider named {@code inmemory}, version {@code 1.0.0}. */
  public InMemoryComputeProvider() {
    this("inmemory", "1.0.0");
  }

  /** Makes {@code imageName} resolvable to {@code id} in {@code region}. */
  public synchronized InMemoryComputeProvider image(String region, String imageName, String id) {
    images.computeIfAbsent(region, r -> new HashMap<>()).put(imageName, id);
    return this;
  }

  /** Makes {@code flavorName} resolvable to {@code id} in {@code region}. */
  public synchronized InMemoryComputeProvider flavor(String region, String flavorName, String id) {
    flavors.computeIfAbsent(region, r -> new HashMap<>()).put(flavorName, id);
    return this;
  }

  /** Actions stay RUNNING for this many {@link #refresh} calls (default 0: done at once). */
  public synchronized InMemoryComputeProvider pollsPerAction(int polls) {
    this.pollsPerAction = polls;
    return this;
  }

  /** The next call of {@code call} throws {@code fault} instead of doing anything. */
  public synchronized InMemoryComputeProvider failNext(Call call, ProviderException fault) {
    faults.computeIfAbsent(call, c -> new ArrayDeque<>()).add(fault);
    return this;
  }

  /** The next create happens at the cloud, but its response is lost (a transient error). */
  public synchronized InMemoryComputeProvider loseNextCreateResponse() {
    lostCreateResponses++;
    return this;
  }

  /** The next create is accepted, but its action ends FAILED and the instance in ERROR. */
  public synchronized InMemoryComputeProvider failNextCreateAction() {
    failNextCreateActions++;
    return this;
  }

  /** Runs {@code listener} inside every create, after the instance exists (to simulate a crash). */
  public synchronized InMemoryComputeProvider onCreate(Consumer<CreateRequest> listener) {
    createListeners.add(listener);
    return this;
  }

  /** How often {@code call} was made, failed calls included. */
  public synchronized int calls(Call call) {
    return calls.getOrDefault(call, 0);
  }

  /** A snapshot of every instance the cloud holds. */
  public synchronized List<ProviderInstance> instances() {
    return List.copyOf(instances.values());
  }

  /** Puts an instance at the cloud directly (drift, or something created outside the engine). */
  public synchronized InMemoryComputeProvider put(ProviderInstance instance) {
    instances.put(instance.id(), instance);
    return this;
  }

  /** Removes an instance at the cloud directly (someone deleted it by hand). */
  public synchronized InMemoryComputeProvider remove(String instanceId) {
    instances.remove(instanceId);
    return this;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public synchronized String resolveImage(String region, String imageName) {
    enter(Call.RESOLVE_IMAGE);
    return lookup(images, region, imageName, "image");
  }

  @Override
  public synchronized String resolveFlavor(String region, String flavorName) {
    enter(Call.RESOLVE_FLAVOR);
    return lookup(flavors, region, flavorName, "flavor");
  }

  @Override
  public synchronized ProviderAction create(CreateRequest request) {
    enter(Call.CREATE);
    if (!images.getOrDefault(request.region(), Map.of()).containsValue(request.imageId())) {
      throw new PermanentProviderException(name, "create " + request.name() + ": unknown image ID "
          + request.imageId() + " in " + request.region());
    }
    if (!flavors.getOrDefault(request.region(), Map.of()).containsValue(request.flavorId())) {
      throw new PermanentProviderException(name, "create " + request.name()
          + ": unknown flavor ID " + request.flavorId() + " in " + request.region());
    }
    for (ProviderInstance existing : instances.values()) {
      if (existing.name().equals(request.name())) {
        throw new PermanentProviderException(name, "create " + request.name()
            + ": uniqueness_error, name already used by " + existing.id());
      }
    }
    String id = "srv-" + nextId++;
    boolean fail = failNextCreateActions > 0;
    if (fail) {
      failNextCreateActions--;
    }
    ProviderInstance created = new ProviderInstance(id, request.name(), request.region(),
        request.imageId(), request.flavorId(), ProviderInstance.Status.BUILDING, request.labels(),
        List.of("192.0.2." + (nextId % 250)));
    instances.put(id, created);
    ProviderAction action = startAction(ProviderAction.Kind.CREATE, request.region(), id);
    if (fail) {
      failingActions.put(action.id(), "server " + request.name() + " failed to build");
    }
    createListeners.forEach(l -> l.accept(request));
    if (lostCreateResponses > 0) {
      lostCreateResponses--;
      throw new TransientProviderException(name, "create " + request.name()
          + ": connection reset before the response arrived");
    }
    return settleIfDone(action);
  }

  @Override
  public synchronized Optional<ProviderInstance> get(String region, String instanceId) {
    enter(Call.GET);
    advanceActionsOf(instanceId);
    return Optional.ofNullable(instances.get(instanceId)).filter(i -> i.region().equals(region));
  }

  @Override
  public synchronized List<ProviderInstance> list(String region, Map<String, String> labels) {
    enter(Call.LIST);
    List<ProviderInstance> out = new ArrayList<>();
    for (ProviderInstance i : instances.values()) {
      if (i.region().equals(region) && i.labels().entrySet().containsAll(labels.entrySet())) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public synchronized ProviderAction setLabels(
      String region, String instanceId, Map<String, String> labels) {
    enter(Call.SET_LABELS);
    ProviderInstance i = instances.get(instanceId);
    if (i == null) {
      throw new PermanentProviderException(name, "set labels: no instance " + instanceId);
    }
    instances.put(instanceId, new ProviderInstance(i.id(), i.name(), i.region(), i.imageId(),
        i.flavorId(), i.status(), labels, i.addresses()));
    return settleIfDone(startAction(ProviderAction.Kind.UPDATE, region, instanceId));
  }

  @Override
  public synchronized ProviderAction delete(String region, String instanceId) {
    enter(Call.DELETE);
    ProviderInstance i = instances.get(instanceId);
    if (i == null) {
      return ProviderAction.succeeded("gone-" + instanceId, ProviderAction.Kind.DELETE, region,
          instanceId);
    }
    instances.put(instanceId, withStatus(i, ProviderInstance.Status.DELETING));
    return settleIfDone(startAction(ProviderAction.Kind.DELETE, region, instanceId));
  }

  @Override
  public synchronized ProviderAction refresh(ProviderAction action) {
    enter(Call.REFRESH);
    ProviderAction known = actions.get(action.id());
    if (known == null) {
      throw new PermanentProviderException(name, "refresh: no action " + action.id());
    }
    if (known.done()) {
      return known;
    }
    int left = pollsLeft.merge(action.id(), -1, Integer::sum);
    return left <= 0 ? finish(known) : known;
  }

  /** Reading a building instance moves its action along too, as time passes at a real cloud. */
  private void advanceActionsOf(String instanceId) {
    for (ProviderAction a : List.copyOf(actions.values())) {
      if (!a.done() && a.instanceId().equals(instanceId)) {
        if (pollsLeft.merge(a.id(), -1, Integer::sum) <= 0) {
          finish(a);
        }
      }
    }
  }

  private ProviderAction startAction(ProviderAction.Kind kind, String region, String instanceId) {
    String id = "act-" + nextId++;
    ProviderAction action = ProviderAction.running(id, kind, region, instanceId);
    actions.put(id, action);
    pollsLeft.put(id, pollsPerAction);
    return action;
  }

  private ProviderAction settleIfDone(ProviderAction action) {
    return pollsPerAction == 0 ? finish(action) : action;
  }

  private ProviderAction finish(ProviderAction action) {
    String error = failingActions.remove(action.id());
    ProviderAction done = error == null
        ? ProviderAction.succeeded(action.id(), action.kind(), action.region(), action.instanceId())
        : ProviderAction.failed(action.id(), action.kind(), action.region(), action.instanceId(),
            error);
    actions.put(action.id(), done);
    ProviderInstance i = instances.get(action.instanceId());
    if (i != null) {
      switch (action.kind()) {
        case CREATE -> instances.put(i.id(), withStatus(i,
            error == null ? ProviderInstance.Status.ACTIVE : ProviderInstance.Status.ERROR));
        case DELETE -> instances.remove(i.id());
        case UPDATE -> { }
      }
    }
    return done;
  }

  private static ProviderInstance withStatus(ProviderInstance i, ProviderInstance.Status status) {
    return new ProviderInstance(i.id(), i.name(), i.region(), i.imageId(), i.flavorId(), status,
        i.labels(), i.addresses());
  }

  private void enter(Call call) {
    calls.merge(call, 1, Integer::sum);
    Deque<ProviderException> queue = faults.get(call);
    if (queue != null && !queue.isEmpty()) {
      throw queue.poll();
    }
  }

  private String lookup(
      Map<String, Map<String, String>> catalog, String region, String key, String what) {
    String id = catalog.getOrDefault(region, Map.of()).get(key);
    if (id == null) {
      throw new PermanentProviderException(name, "no " + what + " named " + key + " in " + region);
    }
    return id;
  }
}
