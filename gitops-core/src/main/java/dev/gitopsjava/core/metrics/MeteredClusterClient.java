package dev.gitopsjava.core.metrics;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Counts and times every request a {@link ClusterClient} sends, by verb, kind and response code, in
 * the spirit of Argo CD's {@code argocd_app_k8s_request_total}. The code of a success is the one
 * the API server answers in that case (201 for a create, 404 for a get or delete of an absent
 * object, 200 otherwise), of a failure the {@link ClusterException}'s status, {@code error} when no
 * response arrived. Looking up kinds ({@code resourceType(s)}) is answered mostly from a catalogue
 * and is not counted.
 */
final class MeteredClusterClient implements ClusterClient {
  static final String REQUESTS = "gitops.app.k8s.request.total";
  static final String DURATION = "gitops.app.k8s.request.duration";

  private final ClusterClient delegate;
  private final MeterRegistry registry;

  MeteredClusterClient(ClusterClient delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  @Override
  public ResourceType resourceType(String apiVersion, String kind) {
    return delegate.resourceType(apiVersion, kind);
  }

  @Override
  public List<ResourceType> resourceTypes() {
    return delegate.resourceTypes();
  }

  @Override
  public Optional<Manifest> get(ResourceKey key) {
    return request("get", key.kind(), () -> delegate.get(key), found -> found.isPresent() ? "200" : "404");
  }

  @Override
  public List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels) {
    return request("list", type.kind(), () -> delegate.list(type, namespace, labels), r -> "200");
  }

  @Override
  public Manifest create(Manifest object) {
    return request("create", object.key().kind(), () -> delegate.create(object), r -> "201");
  }

  @Override
  public Manifest update(Manifest object) {
    return request("update", object.key().kind(), () -> delegate.update(object), r -> "200");
  }

  @Override
  public Manifest serverSideApply(Manifest object, String fieldManager) {
    return request("patch", object.key().kind(), () -> delegate.serverSideApply(object, fieldManager), r -> "200");
  }

  @Override
  public boolean delete(ResourceKey key, DeletePropagation propagation) {
    return request("delete", key.kind(), () -> delegate.delete(key, propagation), deleted -> deleted ? "200" : "404");
  }

  @Override
  public ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener, Consumer<ClusterException> onDrop) {
    return request("watch", type.kind(), () -> delegate.watch(type, namespace, labels, listener, onDrop),
        w -> "200");
  }

  private <T> T request(String verb, String kind, Supplier<T> call, Function<T, String> successCode) {
    Timer.Sample sample = Timer.start(registry);
    String code = "error";
    try {
      T result = call.get();
      code = successCode.apply(result);
      return result;
    } catch (ClusterException e) {
      code = e.statusCode() > 0 ? Integer.toString(e.statusCode()) : "error";
      throw e;
    } finally {
      sample.stop(Timer.builder(DURATION).tag("verb", verb).tag("resource_kind", kind)
          .description("Kubernetes API request duration").register(registry));
      Counter.builder(REQUESTS).tag("verb", verb).tag("resource_kind", kind).tag("response_code", code)
          .description("Kubernetes API requests (argocd_app_k8s_request_total)").register(registry).increment();
    }
  }
}
