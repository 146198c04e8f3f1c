package dev.gitopsjava.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ConflictException;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Operation;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.RepositoryUnavailableException;
import dev.gitopsjava.core.testing.LocalGitRepository;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOpsMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

  private static GitOpsEvent event(GitOpsEvent.Type type, String app, String message, Duration after) {
    return new GitOpsEvent(type, app, "abc1234", T0.plus(after), message, Optional.empty());
  }

  @Test
  void syncsAreCountedByPhaseAndTimedFromStartToFinish() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GitOpsMetrics metrics = GitOpsMetrics.builder(registry).build();
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_STARTED, "payments", "trigger: periodic", Duration.ZERO));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_SUCCEEDED, "payments", "ok", Duration.ofMillis(1500)));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_STARTED, "payments", "trigger: periodic", Duration.ofSeconds(10)));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_FAILED, "payments", "HTTP 500", Duration.ofSeconds(12)));
    metrics.onEvent(event(GitOpsEvent.Type.REFRESHED, "payments", "SYNCED", Duration.ofSeconds(13)));
    metrics.onEvent(event(GitOpsEvent.Type.REFRESHED, "payments", "OUT_OF_SYNC", Duration.ofSeconds(14)));
    metrics.onEvent(event(GitOpsEvent.Type.COMPARISON_FAILED, "payments", "repository unavailable",
        Duration.ofSeconds(15)));

    assertEquals(1.0, registry.get("gitops.app.sync.total").tags("name", "payments", "phase", "Succeeded")
        .counter().count());
    assertEquals(1.0, registry.get("gitops.app.sync.total").tags("name", "payments", "phase", "Failed")
        .counter().count());
    var timer = registry.get("gitops.app.sync.duration").tag("name", "payments").timer();
    assertEquals(2, timer.count());
    assertEquals(3500.0, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
    for (String result : new String[] {"Synced", "OutOfSync", "ComparisonError"}) {
      assertEquals(1.0, registry.get("gitops.app.refresh").tags("name", "payments", "result", result)
          .counter().count(), result);
    }
  }

  @Test
  void diffCacheHitRatioFollowsTheCache() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DiffVerdictCache cache = DiffVerdictCache.create(10);
    GitOpsMetrics.builder(registry).diffCache(cache).build();
    Differ differ = cache.wrap(Differ.standard());
    Manifest desired = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\n"
        + "data: {k: v}\n");
    Manifest live = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n, uid: u1,"
        + " resourceVersion: \"7\"}\ndata: {k: v}\n");
    for (int i = 0; i < 4; i++) {
      differ.diff(desired, Optional.of(live));
    }
    assertEquals(3.0, registry.get("gitops.diff.cache.hits").functionCounter().count());
    assertEquals(1.0, registry.get("gitops.diff.cache.misses").functionCounter().count());
    assertEquals(0.75, registry.get("gitops.diff.cache.hit.ratio").gauge().value(), 1e-9);
  }

  @Test
  void kubernetesRequestsAreCountedByVerbKindAndResponseCode() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FaultInjectingClusterClient faulty = new FaultInjectingClusterClient(emptyCluster())
        .failNext(Operation.CREATE, Fault.conflict())
        .failNext(Operation.UPDATE, Fault.serverError(500))
        .failNext(Operation.DELETE, Fault.tooManyRequests(Duration.ofSeconds(1)))
        .failNext(Operation.GET, Fault.dropBeforeSending());
    ClusterClient cluster = GitOpsMetrics.builder(registry).build().instrument(faulty);
    Manifest cm = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n,"
        + " resourceVersion: \"3\"}\ndata: {k: v}\n");

    assertThrows(ConflictException.class, () -> cluster.create(cm));
    cluster.create(cm);
    assertThrows(ClusterException.class, () -> cluster.update(cm));
    assertThrows(ClusterException.class, () -> cluster.delete(cm.key(), DeletePropagation.FOREGROUND));
    assertThrows(ClusterException.class, () -> cluster.get(cm.key()));
    assertEquals(Optional.empty(), cluster.get(cm.key()));
    assertTrue(!cluster.delete(cm.key(), DeletePropagation.FOREGROUND));

    assertEquals(1.0, requests(registry, "create", "409"));
    assertEquals(1.0, requests(registry, "create", "201"));
    assertEquals(1.0, requests(registry, "update", "500"));
    assertEquals(1.0, requests(registry, "delete", "429"));
    assertEquals(1.0, requests(registry, "delete", "404"), "delete of an absent object");
    assertEquals(1.0, requests(registry, "get", "error"), "no response arrived");
    assertEquals(1.0, requests(registry, "get", "404"));
    assertEquals(2, registry.get("gitops.app.k8s.request.duration").tags("verb", "create", "resource_kind", "ConfigMap")
        .timer().count());
  }

  @Test
  void refreshesAreTimedInArgoCdsReconcileBuckets() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, new MockClock());
    GitOpsMetrics metrics = GitOpsMetrics.builder(registry).build();
    metrics.onRefreshTimed("payments", Duration.ofMillis(300));
    metrics.onRefreshTimed("payments", Duration.ofMillis(3000));
    metrics.onRefreshTimed("orders", Duration.ofMillis(100));

    var timer = registry.get("gitops.app.reconcile").tag("name", "payments").timer();
    assertEquals(2, timer.count());
    assertEquals(3300.0, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    assertEquals(7, buckets.length, Arrays.toString(buckets));
    assertEquals(0.0, bucket(buckets, 0.25));
    assertEquals(1.0, bucket(buckets, 0.5));
    assertEquals(1.0, bucket(buckets, 2));
    assertEquals(2.0, bucket(buckets, 4));
    assertEquals(1, registry.get("gitops.app.reconcile").tag("name", "orders").timer().count());
  }

  @Test
  void everyCloneAndFetchOfAGitSourceIsCountedAndTimed(@TempDir Path temp) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      repo.write("a.yaml", "a: 1\n").commit("first");
      GitOpsMetrics.builder(registry).gitSource(git).build();
      git.resolve(repo.url(), "HEAD");  // clone
      git.resolve(repo.url(), "main");  // fetch
      String missing = temp.resolve("missing").toUri().toString();
      assertThrows(RepositoryUnavailableException.class, () -> git.resolve(missing, "HEAD"));

      assertEquals(2.0, registry.get("gitops.git.request.total").tags("repo", repo.url(), "request_type", "fetch")
          .counter().count());
      assertEquals(2, registry.get("gitops.git.request.duration").tags("repo", repo.url(), "request_type", "fetch")
          .timer().count());
      assertTrue(registry.find("gitops.git.fetch.fail.total").tag("repo", repo.url()).counters().isEmpty());
      assertEquals(1.0, registry.get("gitops.git.fetch.fail.total").tags("repo", missing, "request_type", "fetch")
          .counter().count());
    }
  }

  @Test
  void eachBuilderOptionIsSetOnce() {
    DiffVerdictCache cache = DiffVerdictCache.create(1);
    GitOpsMetrics.Builder builder = GitOpsMetrics.builder(new SimpleMeterRegistry()).diffCache(cache);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> builder.diffCache(cache));
    assertEquals("diffCache was already set", e.getMessage());
  }

  private static double requests(SimpleMeterRegistry registry, String verb, String code) {
    return registry.get("gitops.app.k8s.request.total")
        .tags("verb", verb, "resource_kind", "ConfigMap", "response_code", code).counter().count();
  }

  private static double bucket(CountAtBucket[] buckets, double seconds) {
    return Arrays.stream(buckets).filter(b -> b.bucket(TimeUnit.SECONDS) == seconds).findFirst()
        .orElseThrow(() -> new AssertionError("no bucket " + seconds + " in " + Arrays.toString(buckets))).count();
  }

  /** A cluster with no objects that accepts creates: get finds nothing, delete deletes nothing. */
  private static ClusterClient emptyCluster() {
    return (ClusterClient) Proxy.newProxyInstance(ClusterClient.class.getClassLoader(),
        new Class<?>[] {ClusterClient.class}, (proxy, method, args) -> switch (method.getName()) {
          case "get" -> Optional.empty();
          case "create" -> args[0];
          case "delete" -> false;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
