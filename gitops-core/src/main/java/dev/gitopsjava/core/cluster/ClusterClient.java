package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The only way the engine touches Kubernetes. Every method may throw a {@link ClusterException}
 * (or a subtype a caller can act on); none leaks a client library's exception.
 *
 * <p>Selecting objects is by <em>equality</em> label selectors only ({@code key=value}): a plain
 * {@code Map} cannot express {@code in}, {@code notin} or {@code matchExpressions}, which some API
 * servers (fabric8's in-process mock among them) ignore, matching every object. Deciding what to
 * prune with such a selector would delete what is not ours.
 *
 * <pre>{@code
 * try (KubernetesClient k8s = new KubernetesClientBuilder().build()) {
 *   ClusterClient cluster = ClusterClient.fabric8(k8s);
 *   ResourceType deployments = cluster.resourceType("apps/v1", "Deployment");
 *   List<Manifest> owned = cluster.list(deployments, "payments", TrackingMark.of("payment-api").selector());
 * }
 * }</pre>
 */
public interface ClusterClient {

  /**
   * A client over a fabric8 {@link KubernetesClient} the caller configured (kubeconfig, in-cluster
   * service account, ...). The caller keeps ownership of {@code client} and closes it; this client
   * only stops the watches it started.
   */
  static ClusterClient fabric8(KubernetesClient client) {
    return new Fabric8ClusterClient(Objects.requireNonNull(client, "client"));
  }

  /**
   * The scope and plural of {@code kind} at {@code apiVersion}: from a built-in catalogue of the
   * core kinds, then from the CustomResourceDefinitions in the cluster, then from API discovery.
   *
   * @throws UnknownKindException if the cluster does not serve the kind at that version
   */
  ResourceType resourceType(String apiVersion, String kind);

  /**
   * Every type the engine knows in this cluster: the built-in catalogue plus the kinds the cluster's
   * CustomResourceDefinitions define. An owned-object sweep (what might need pruning) lists these.
   */
  List<ResourceType> resourceTypes();

  /** The type of the resource a key names; see {@link #resourceType(String, String)}. */
  default ResourceType resourceType(ResourceKey key) {
    return resourceType(key.apiVersion(), key.kind());
  }

  /** The live object, or empty when it does not exist. */
  Optional<Manifest> get(ResourceKey key);

  /**
   * The objects of one type carrying every label in {@code labels} (equality match; an empty map
   * selects all objects of the type).
   *
   * @param namespace the namespace to list, {@code ""} for all namespaces (and for cluster-scoped
   *     types)
   * @throws IllegalArgumentException if a label key or value is not a valid Kubernetes label, which
   *     would otherwise change the selector's meaning
   */
  List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels);

  /**
   * Creates the object; server-set fields ({@code resourceVersion}, {@code uid}) in the argument are
   * ignored.
   *
   * @return the object as stored
   * @throws ConflictException if it already exists
   */
  Manifest create(Manifest object);

  /**
   * Replaces the object (HTTP PUT), guarded by the {@code metadata.resourceVersion} it carries: if
   * the live object changed since it was read the write is refused.
   *
   * @return the object as stored
   * @throws IllegalArgumentException if the object has no {@code metadata.resourceVersion}
   * @throws ConflictException if the live object's resourceVersion differs
   */
  Manifest update(Manifest object);

  /**
   * Read-modify-write with optimistic locking: reads the live object, applies {@code change} and
   * writes the result guarded by the live resourceVersion; on a conflict reads again and re-applies
   * {@code change}, up to {@code attempts} times.
   *
   * @param change computes the object to write from the live object; must be free of side effects
   *     because it can run more than once
   * @throws ClusterException with status 404 if the object does not exist
   * @throws ConflictException if every attempt conflicted
   */
  default Manifest update(ResourceKey key, UnaryOperator<Manifest> change, int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
    }
    ConflictException last = null;
    for (int i = 0; i < attempts; i++) {
      Manifest live = get(key).orElseThrow(() ->
          new ClusterException(key + " not found", 404, key, null));
      Manifest next = change.apply(live);
      String rv = live.tree().path("metadata").path("resourceVersion").asString("");
      if (!rv.isEmpty()) {
        next = withResourceVersion(next, rv);
      }
      try {
        return update(next);
      } catch (ConflictException e) {
        last = e;
      }
    }
    throw Objects.requireNonNull(last);
  }

  /**
   * Server-side apply (PATCH {@code application/apply-patch+yaml}) with a named field manager,
   * forcing conflicts the way Argo CD does, for clusters that support it. fabric8's in-process mock
   * does not: it answers 404 for an absent object and 415 for an existing one (reported as a
   * {@link ClusterException} with that status).
   *
   * @return the object as stored
   */
  Manifest serverSideApply(Manifest object, String fieldManager);

  /**
   * Deletes the object.
   *
   * @return true if a delete was issued, false if the object did not exist
   */
  boolean delete(ResourceKey key, DeletePropagation propagation);

  /**
   * Watches objects of one type carrying every label in {@code labels} (equality match), e.g. the
   * objects one application owns, for self-heal. Existing objects are reported as
   * {@link ClusterEvent.Type#ADDED} when the watch starts. Events arrive on a client thread;
   * {@code listener} should hand work off rather than block.
   *
   * @param namespace {@code ""} for all namespaces (and for cluster-scoped types)
   */
  default ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener) {
    return watch(type, namespace, labels, listener, dropped -> { });
  }

  /**
   * As {@link #watch(ResourceType, String, Map, Consumer)}, and tells {@code onDrop} (once, on a
   * client thread) when the watch ends without being closed: the client gave up reconnecting, or
   * the connection was cut for good. After a drop no more events arrive; a caller that needs the
   * events must watch again and re-list, since changes made meanwhile were not reported. A client
   * whose watches reconnect by themselves (fabric8's informers do on a real API server) reports
   * only what it cannot recover from.
   */
  ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop);

  private static Manifest withResourceVersion(Manifest m, String rv) {
    var copy = m.mutableCopy();
    var metadata = copy.path("metadata");
    if (metadata instanceof tools.jackson.databind.node.ObjectNode o) {
      o.put("resourceVersion", rv);
    }
    return m.withTree(copy);
  }
}
