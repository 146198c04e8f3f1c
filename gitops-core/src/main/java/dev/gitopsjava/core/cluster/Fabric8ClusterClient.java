package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link ClusterClient} over fabric8's generic resources ({@link GenericKubernetesResource}), so any
 * kind, custom resources included, goes through one code path.
 */
final class Fabric8ClusterClient implements ClusterClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ManifestOrigin LIVE = new ManifestOrigin("cluster", 0);
  private static final ResourceType CRD = BuiltInKinds.find("apiextensions.k8s.io", "v1", "CustomResourceDefinition")
      .orElseThrow();

  private final KubernetesClient client;
  private final KubernetesSerialization serialization;
  /** Types read from CRDs or discovery, by "group/version/kind". Refreshed on a miss. */
  private final Map<String, ResourceType> discovered = new ConcurrentHashMap<>();

  Fabric8ClusterClient(KubernetesClient client) {
    this.client = client;
    this.serialization = client.getKubernetesSerialization();
  }

  // ---- resource types ------------------------------------------------------------------------

  @Override
  public ResourceType resourceType(String apiVersion, String kind) {
    ResourceKey probe = ResourceKey.of(apiVersion, kind, "", "probe");
    String group = probe.group();
    String version = probe.version();
    Optional<ResourceType> builtIn = BuiltInKinds.find(group, version, kind);
    if (builtIn.isPresent()) {
      return builtIn.get();
    }
    String cacheKey = group + "/" + version + "/" + kind;
    ResourceType known = discovered.get(cacheKey);
    if (known != null) {
      return known;
    }
    List<ResourceType> fromCrds = readCrdTypes(group, kind);
    for (ResourceType t : fromCrds) {
      discovered.put(t.group() + "/" + t.version() + "/" + t.kind(), t);
    }
    known = discovered.get(cacheKey);
    if (known != null) {
      return known;
    }
    if (!fromCrds.isEmpty()) {
      throw new UnknownKindException(apiVersion, kind, "its CustomResourceDefinition does not serve version "
          + version + " (served: " + fromCrds.stream().map(ResourceType::version).toList() + ")");
    }
    Optional<ResourceType> fromDiscovery = discover(apiVersion, kind);
    if (fromDiscovery.isPresent()) {
      discovered.put(cacheKey, fromDiscovery.get());
      return fromDiscovery.get();
    }
    throw new UnknownKindException(apiVersion, kind,
        "not a built-in kind, no CustomResourceDefinition defines it and API discovery does not list it");
  }

  @Override
  public List<ResourceType> resourceTypes() {
    List<ResourceType> all = new ArrayList<>(BuiltInKinds.all());
    Map<String, ResourceType> firstVersion = new LinkedHashMap<>();
    for (Manifest crd : list(CRD, "", Map.of())) {
      try {
        List<ResourceType> types = ResourceType.definedBy(crd);
        if (!types.isEmpty()) {
          firstVersion.putIfAbsent(types.get(0).group() + "/" + types.get(0).kind(), types.get(0));
        }
      } catch (IllegalArgumentException malformed) {
        // A CRD the API server accepted but we cannot read: nothing of ours can be of that kind.
      }
    }
    all.addAll(firstVersion.values());
    return List.copyOf(all);
  }

  private List<ResourceType> readCrdTypes(String group, String kind) {
    List<ResourceType> out = new ArrayList<>();
    for (Manifest crd : list(CRD, "", Map.of())) {
      JsonNode spec = crd.tree().path("spec");
      if (group.equals(spec.path("group").asString("")) && kind.equals(spec.path("names").path("kind").asString(""))) {
        try {
          out.addAll(ResourceType.definedBy(crd));
        } catch (IllegalArgumentException malformed) {
          // fall through: reported as unknown
        }
      }
    }
    return out;
  }

  /** API discovery, for aggregated APIs on real clusters; answers nothing useful on the mock. */
  private Optional<ResourceType> discover(String apiVersion, String kind) {
    APIResourceList resources;
    try {
      resources = client.getApiResources(apiVersion);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw translate(e, null, "discovering " + apiVersion);
    } catch (RuntimeException e) {
      return Optional.empty(); // an answer that is not an APIResourceList
    }
    if (resources == null || resources.getResources() == null) {
      return Optional.empty();
    }
    for (APIResource r : resources.getResources()) {
      if (kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/")
          && r.getNamespaced() != null) {
        ResourceKey probe = ResourceKey.of(apiVersion, kind, "", "probe");
        return Optional.of(new ResourceType(probe.group(), probe.version(), kind, r.getName(), r.getNamespaced()));
      }
    }
    return Optional.empty();
  }

  // ---- reads -------------------------------------------------------------------------------

  @Override
  public Optional<Manifest> get(ResourceKey key) {
    ResourceType type = resourceType(key);
    GenericKubernetesResource found = call(key, "reading", () -> one(type, key).get());
    return Optional.ofNullable(found).map(this::toManifest);
  }

  @Override
  public List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels) {
    EqualitySelector.check(labels);
    GenericKubernetesResourceList items = call(null, "listing " + type.plural(), () -> {
      var op = operation(type);
      if (type.namespaced() && !namespace.isEmpty()) {
        return op.inNamespace(namespace).withLabels(labels).list();
      }
      return labels.isEmpty() ? op.inAnyNamespace().list() : op.inAnyNamespace().withLabels(labels).list();
    });
    List<Manifest> out = new ArrayList<>();
    for (GenericKubernetesResource r : items.getItems()) {
      // List items come without apiVersion/kind; put them back so each item is a full manifest.
      r.setApiVersion(type.apiVersion());
      r.setKind(type.kind());
      out.add(toManifest(r));
    }
    return List.copyOf(out);
  }

  // ---- writes ------------------------------------------------------------------------------

  @Override
  public Manifest create(Manifest object) {
    ResourceKey key = object.key();
    ResourceType type = resourceType(key);
    ObjectNode body = object.mutableCopy();
    metadata(body).remove("resourceVersion");
    metadata(body).remove("uid");
    GenericKubernetesResource created = call(key, "creating",
        () -> scoped(type, key).resource(toFabric8(body)).create());
    return toManifest(created);
  }

  @Override
  public Manifest update(Manifest object) {
    ResourceKey key = object.key();
    String rv = object.tree().path("metadata").path("resourceVersion").asString("");
    if (rv.isEmpty()) {
      throw new IllegalArgumentException(key + ": update needs metadata.resourceVersion (read the live object first)");
    }
    ResourceType type = resourceType(key);
    GenericKubernetesResource updated = call(key, "updating",
        () -> scoped(type, key).resource(toFabric8(object.mutableCopy())).update());
    return toManifest(updated);
  }

  @Override
  public Manifest serverSideApply(Manifest object, String fieldManager) {
    if (fieldManager.isBlank()) {
      throw new IllegalArgumentException("fieldManager must not be blank");
    }
    ResourceKey key = object.key();
    ResourceType type = resourceType(key);
    ObjectNode body = object.mutableCopy();
    // An apply body must not carry server-owned metadata.
    metadata(body).remove("resourceVersion");
    metadata(body).remove("managedFields");
    metadata(body).remove("uid");
    metadata(body).remove("creationTimestamp");
    body.remove("status");
    GenericKubernetesResource applied = call(key, "server-side applying",
        () -> scoped(type, key).resource(toFabric8(body)).fieldManager(fieldManager).forceConflicts().serverSideApply());
    return toManifest(applied);
  }

  @Override
  public boolean delete(ResourceKey key, DeletePropagation propagation) {
    ResourceType type = resourceType(key);
    DeletionPropagation policy = switch (propagation) {
      case FOREGROUND -> DeletionPropagation.FOREGROUND;
      case BACKGROUND -> DeletionPropagation.BACKGROUND;
      case ORPHAN -> DeletionPropagation.ORPHAN;
    };
    var details = call(key, "deleting", () -> one(type, key).withPropagationPolicy(policy).delete());
    return !details.isEmpty();
  }

  // ---- watches -----------------------------------------------------------------------------


  @Override
  public ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop) {
    EqualitySelector.check(labels);
    ResourceEventHandler<GenericKubernetesResource> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        deliver(ClusterEvent.Type.ADDED, obj);
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        deliver(ClusterEvent.Type.MODIFIED, newObj);
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
        deliver(ClusterEvent.Type.DELETED, obj);
      }

      private void deliver(ClusterEvent.Type eventType, GenericKubernetesResource obj) {
        obj.setApiVersion(type.apiVersion());
        obj.setKind(type.kind());
        listener.accept(new ClusterEvent(eventType, toManifest(obj)));
      }
    };
    SharedIndexInformer<GenericKubernetesResource> informer = call(null, "watching " + type.plural(), () -> {
      var op = operation(type);
      if (type.namespaced() && !namespace.isEmpty()) {
        return op.inNamespace(namespace).withLabels(labels).inform(handler, 0);
      }
      return labels.isEmpty() ? op.inAnyNamespace().inform(handler, 0)
          : op.inAnyNamespace().withLabels(labels).inform(handler, 0);
    });
    AtomicBoolean closed = new AtomicBoolean();
    // The informer retries on its own; it stops only when closed or when it gives up.
    informer.stopped().whenComplete((done, error) -> {
      if (!closed.get()) {
        String why = error == null ? "the informer stopped" : error.getMessage();
        onDrop.accept(error instanceof KubernetesClientException k
            ? translate(k, null, "watching " + type.plural())
            : new ClusterUnavailableException("watch of " + type.plural() + " ended: " + why, 0, null, null, error));
      }
    });
    return () -> {
      closed.set(true);
      informer.close();
    };
  }

  // ---- fabric8 plumbing --------------------------------------------------------------------

  private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      operation(ResourceType type) {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup(type.group())
        .withVersion(type.version())
        .withKind(type.kind())
        .withPlural(type.plural())
        .withNamespaced(type.namespaced())
        .build());
  }

  private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
      scoped(ResourceType type, ResourceKey key) {
    var op = operation(type);
    if (!type.namespaced()) {
      return op;
    }
    if (key.namespace().isEmpty()) {
      // Without this check fabric8 would silently use the client's default namespace.
      throw new IllegalArgumentException(key + " is namespaced but names no namespace");
    }
    return op.inNamespace(key.namespace());
  }

  private Resource<GenericKubernetesResource> one(ResourceType type, ResourceKey key) {
    return scoped(type, key).withName(key.name());
  }

  private GenericKubernetesResource toFabric8(ObjectNode body) {
    return serialization.unmarshal(JSON.writeValueAsString(body), GenericKubernetesResource.class);
  }

  private Manifest toManifest(GenericKubernetesResource r) {
    return Manifest.of(JSON.readTree(serialization.asJson(r)), LIVE);
  }

  private static ObjectNode metadata(ObjectNode doc) {
    JsonNode m = doc.get("metadata");
    return m instanceof ObjectNode o ? o : doc.putObject("metadata");
  }

  private static <T> T call(@Nullable ResourceKey key, String action, Supplier<T> request) {
    try {
      return request.get();
    } catch (KubernetesClientException e) {
      throw translate(e, key, action);
    }
  }

  static ClusterException translate(KubernetesClientException e, @Nullable ResourceKey key, String action) {
    // fabric8 reports -1 (or 0) when no HTTP response arrived: refused, reset, timed out.
    int code = Math.max(e.getCode(), 0);
    String what = action + (key == null ? "" : " " + key);
    String reason;
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      reason = e.getStatus().getMessage();
    } else {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      reason = root.getClass().getSimpleName() + ": " + root.getMessage();
    }
    if (code == 409) {
      return new ConflictException(what + ": conflict (409): " + reason, key, e);
    }
    if (code == 0 || code == 408 || code == 429 || code >= 500) {
      Duration retryAfter = null;
      if (e.getStatus() != null && e.getStatus().getDetails() != null
          && e.getStatus().getDetails().getRetryAfterSeconds() != null) {
        retryAfter = Duration.ofSeconds(e.getStatus().getDetails().getRetryAfterSeconds());
      }
      String status = code == 0 ? "no response" : "HTTP " + code;
      return new ClusterUnavailableException(what + ": cluster unavailable (" + status + "): " + reason,
          code, key, retryAfter, e);
    }
    return new ClusterException(what + ": HTTP " + code + ": " + reason, code, key, e);
  }
}
