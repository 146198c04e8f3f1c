package dev.gitopsjava.core.metrics;

import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.GitOpsListener;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitRequestListener;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.sync.LiveObjectCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters for the engine, named after Argo CD's metrics where one exists, with the
 * {@code gitops.} prefix (Micrometer's Prometheus registry exports {@code gitops.app.sync.total} as
 * {@code gitops_app_sync_total} and a timer {@code gitops.app.reconcile} as
 * {@code gitops_app_reconcile_seconds_bucket|count|sum}). Three feeds, none of which makes the
 * engine depend on Micrometer: this object is a {@link GitOpsListener} (events and refresh timings),
 * a {@link GitRequestListener} registered on the {@link GitSource} given to the builder (clones and
 * fetches), and {@link #instrument} wraps the {@link ClusterClient} (every Kubernetes request).
 *
 * <pre>{@code
 * GitOpsMetrics metrics = GitOpsMetrics.builder(registry)
 *     .gitSource(git).renderer(renderer).diffCache(diffCache).build();
 * GitOps gitOps = GitOps.builder()
 *     .cluster(metrics.instrument(ClusterClient.fabric8(k8s)))
 *     .renderer(renderer).diffCache(diffCache).build();
 * metrics.monitor(gitOps);   // its events, refresh timings and live-object cache
 * }</pre>
 *
 * <table>
 * <caption>Meters (tags in parentheses) and the Argo CD metric each follows</caption>
 * <tr><th>Meter</th><th>Type</th><th>Tags</th><th>Argo CD</th></tr>
 * <tr><td>{@code gitops.app.sync.total}</td><td>counter</td><td>{@code name}, {@code phase}
 *     Succeeded|Failed</td><td>{@code argocd_app_sync_total}</td></tr>
 * <tr><td>{@code gitops.app.sync.duration}</td><td>timer</td><td>{@code name}</td>
 *     <td>{@code argocd_app_sync_duration_seconds_total}</td></tr>
 * <tr><td>{@code gitops.app.reconcile}</td><td>timer, Argo CD's buckets 0.25 s to 16 s</td>
 *     <td>{@code name}</td><td>{@code argocd_app_reconcile} (a refresh: render, compare and the
 *     automated sync it ran)</td></tr>
 * <tr><td>{@code gitops.app.refresh}</td><td>counter</td><td>{@code name}, {@code result}
 *     Synced|OutOfSync|Unknown|ComparisonError</td><td>none</td></tr>
 * <tr><td>{@code gitops.app.resource.failed}</td><td>counter</td><td>{@code name}</td><td>none:
 *     resources a sync could not write</td></tr>
 * <tr><td>{@code gitops.app.drift}</td><td>counter</td><td>{@code name}</td><td>none: drift seen
 *     after a sync</td></tr>
 * <tr><td>{@code gitops.app.k8s.request.total}</td><td>counter</td><td>{@code verb}
 *     get|list|create|update|patch|delete|watch, {@code resource_kind}, {@code response_code} (HTTP
 *     status, {@code error} when no response arrived)</td><td>{@code argocd_app_k8s_request_total}
 *     (without {@code name}: one client serves every application)</td></tr>
 * <tr><td>{@code gitops.app.k8s.request.duration}</td><td>timer</td><td>{@code verb},
 *     {@code resource_kind}</td><td>none</td></tr>
 * <tr><td>{@code gitops.git.request.total}</td><td>counter</td><td>{@code repo},
 *     {@code request_type} fetch</td><td>{@code argocd_git_request_total}</td></tr>
 * <tr><td>{@code gitops.git.request.duration}</td><td>timer, Argo CD's buckets 0.1 s to 20 s</td>
 *     <td>{@code repo}, {@code request_type}</td><td>{@code argocd_git_request_duration_seconds}</td></tr>
 * <tr><td>{@code gitops.git.fetch.fail.total}</td><td>counter</td><td>{@code repo},
 *     {@code request_type}</td><td>{@code argocd_git_fetch_fail_total}</td></tr>
 * <tr><td>{@code gitops.cluster.api.resources}</td><td>gauge</td><td></td>
 *     <td>{@code argocd_cluster_api_resources}: kinds the live-object cache watches</td></tr>
 * <tr><td>{@code gitops.cluster.api.resource.objects}</td><td>gauge</td><td></td>
 *     <td>{@code argocd_cluster_api_resource_objects}: objects it holds</td></tr>
 * <tr><td>{@code gitops.cluster.events.total}</td><td>function counter</td><td></td>
 *     <td>{@code argocd_cluster_events_total}: watch events received</td></tr>
 * <tr><td>{@code gitops.cluster.watch.drops}, {@code gitops.cluster.watch.reestablished}</td>
 *     <td>function counters</td><td></td><td>none: watches that ended on their own, and kinds
 *     brought back in sync after one</td></tr>
 * <tr><td>{@code gitops.render.cache.hits|misses}, {@code gitops.diff.cache.hits|misses}</td>
 *     <td>function counters</td><td></td><td>none</td></tr>
 * <tr><td>{@code gitops.render.cache.hit.ratio}, {@code gitops.diff.cache.hit.ratio}</td>
 *     <td>gauges, 0..1</td><td></td><td>none</td></tr>
 * </table>
 *
 * <p>A clone counts as a {@code fetch}, as in Argo CD's repo server (which inits and fetches).
 * Repository URLs in tags have user names and passwords removed.
 */
public final class GitOpsMetrics implements GitOpsListener, GitRequestListener {
  /** Argo CD's {@code argocd_app_reconcile} buckets. */
  private static final Duration[] RECONCILE_BUCKETS = seconds(0.25, 0.5, 1, 2, 4, 8, 16);
  /** Argo CD's {@code argocd_git_request_duration_seconds} buckets. */
  private static final Duration[] GIT_BUCKETS = seconds(0.1, 0.25, 0.5, 1, 2, 4, 10, 20);
  private static final String FETCH = "fetch";

  private final MeterRegistry registry;
  private final Map<String, Instant> syncStarted = new ConcurrentHashMap<>();

  private GitOpsMetrics(Builder b) {
    this.registry = b.registry;
    DesiredStateRenderer renderer = b.renderer;
    if (renderer != null) {
      FunctionCounter.builder("gitops.render.cache.hits", renderer, DesiredStateRenderer::cacheHits)
          .description("renders served from the cache").register(registry);
      FunctionCounter.builder("gitops.render.cache.misses", renderer, DesiredStateRenderer::cacheMisses)
          .description("renders that ran a renderer").register(registry);
      Gauge.builder("gitops.render.cache.hit.ratio", renderer, r -> ratio(r.cacheHits(), r.cacheMisses()))
          .register(registry);
    }
    DiffVerdictCache diffs = b.diffCache;
    if (diffs != null) {
      FunctionCounter.builder("gitops.diff.cache.hits", diffs, DiffVerdictCache::hits)
          .description("diff verdicts served from the cache").register(registry);
      FunctionCounter.builder("gitops.diff.cache.misses", diffs, DiffVerdictCache::misses)
          .description("diffs that ran").register(registry);
      Gauge.builder("gitops.diff.cache.hit.ratio", diffs, d -> ratio(d.hits(), d.misses())).register(registry);
    }
  }

  /**
   * A client that counts and times every request it passes to {@code cluster}
   * ({@code gitops.app.k8s.request.total} by verb, kind and response code, and
   * {@code gitops.app.k8s.request.duration}); give it to {@code GitOps.builder().cluster(..)}.
   */
  public ClusterClient instrument(ClusterClient cluster) {
    return new MeteredClusterClient(Objects.requireNonNull(cluster, "cluster"), registry);
  }

  /**
   * Listens to {@code engine} (as {@code engine.addListener(this)}) and reports its live-object
   * cache ({@code gitops.cluster.*}; zeros when the engine runs without one).
   *
   * @return this object
   */
  public GitOpsMetrics monitor(GitOps engine) {
    Objects.requireNonNull(engine, "engine");
    engine.addListener(this);
    Gauge.builder("gitops.cluster.api.resources", engine, e -> cache(e, LiveObjectCache.Stats::kinds))
        .description("kinds watched by the live-object cache (argocd_cluster_api_resources)").register(registry);
    Gauge.builder("gitops.cluster.api.resource.objects", engine, e -> cache(e, LiveObjectCache.Stats::objects))
        .description("objects held by the live-object cache (argocd_cluster_api_resource_objects)")
        .register(registry);
    FunctionCounter.builder("gitops.cluster.events.total", engine, e -> cache(e, LiveObjectCache.Stats::events))
        .description("watch events received (argocd_cluster_events_total)").register(registry);
    FunctionCounter.builder("gitops.cluster.watch.drops", engine, e -> cache(e, LiveObjectCache.Stats::drops))
        .description("watches that ended on their own").register(registry);
    FunctionCounter.builder("gitops.cluster.watch.reestablished", engine,
            e -> cache(e, LiveObjectCache.Stats::reestablished))
        .description("kinds brought back in sync after a dropped watch").register(registry);
    return this;
  }

  private static double cache(GitOps engine, ToDoubleFunction<LiveObjectCache.Stats> field) {
    return engine.liveCacheStats().map(field::applyAsDouble).orElse(0d);
  }

  /** Starts configuring the meters for {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void onEvent(GitOpsEvent event) {
    String app = event.application();
    switch (event.type()) {
      case SYNC_STARTED -> syncStarted.put(app, event.at());
      case SYNC_SUCCEEDED -> synced(app, "Succeeded", event.at());
      case SYNC_FAILED -> synced(app, "Failed", event.at());
      case REFRESHED -> reconciled(app, switch (event.message()) {
        case "SYNCED" -> "Synced";
        case "OUT_OF_SYNC" -> "OutOfSync";
        default -> "Unknown";
      });
      case COMPARISON_FAILED -> reconciled(app, "ComparisonError");
      case RESOURCE_FAILED -> Counter.builder("gitops.app.resource.failed").tag("name", app)
          .description("resources a sync could not write").register(registry).increment();
      case DRIFT_DETECTED -> Counter.builder("gitops.app.drift").tag("name", app)
          .description("drift seen after a sync").register(registry).increment();
      default -> { }
    }
  }

  @Override
  public void onRefreshTimed(String application, Duration duration) {
    Timer.builder("gitops.app.reconcile").tag("name", application)
        .description("refresh (reconcile) duration (argocd_app_reconcile)")
        .serviceLevelObjectives(RECONCILE_BUCKETS).register(registry).record(duration);
  }

  @Override
  public void onFetch(String repoUrl, Duration duration, boolean succeeded) {
    Counter.builder("gitops.git.request.total").tag("repo", repoUrl).tag("request_type", FETCH)
        .description("Git requests (argocd_git_request_total)").register(registry).increment();
    Timer.builder("gitops.git.request.duration").tag("repo", repoUrl).tag("request_type", FETCH)
        .description("Git request duration (argocd_git_request_duration_seconds)")
        .serviceLevelObjectives(GIT_BUCKETS).register(registry).record(duration);
    if (!succeeded) {
      Counter.builder("gitops.git.fetch.fail.total").tag("repo", repoUrl).tag("request_type", FETCH)
          .description("failed Git requests (argocd_git_fetch_fail_total)").register(registry).increment();
    }
  }

  private void synced(String app, String phase, Instant at) {
    Counter.builder("gitops.app.sync.total").tag("name", app).tag("phase", phase)
        .description("syncs by result (argocd_app_sync_total)").register(registry).increment();
    Instant started = syncStarted.remove(app);
    if (started != null) {
      Timer.builder("gitops.app.sync.duration").tag("name", app).description("sync started to finished")
          .register(registry).record(Duration.between(started, at));
    }
  }

  private void reconciled(String app, String result) {
    Counter.builder("gitops.app.refresh").tag("name", app).tag("result", result)
        .description("refreshes by outcome").register(registry).increment();
  }

  private static Duration[] seconds(double... values) {
    return Arrays.stream(values).mapToObj(v -> Duration.ofMillis(Math.round(v * 1000))).toArray(Duration[]::new);
  }

  private static double ratio(long hits, long misses) {
    long total = hits + misses;
    return total == 0 ? 0 : (double) hits / total;
  }

  /** Configuration of {@link GitOpsMetrics}; each option may be set once. */
  public static final class Builder {
    private final MeterRegistry registry;
    private @Nullable DesiredStateRenderer renderer;
    private @Nullable DiffVerdictCache diffCache;
    private @Nullable GitSource gitSource;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /** Also count and time this source's clones and fetches. */
    public Builder gitSource(GitSource value) {
      gitSource = once(gitSource, Objects.requireNonNull(value, "gitSource"), "gitSource");
      return this;
    }

    /** Also report this renderer's cache hits and misses. */
    public Builder renderer(DesiredStateRenderer value) {
      renderer = once(renderer, Objects.requireNonNull(value, "renderer"), "renderer");
      return this;
    }

    /** Also report this diff cache's hits and misses. */
    public Builder diffCache(DiffVerdictCache value) {
      diffCache = once(diffCache, Objects.requireNonNull(value, "diffCache"), "diffCache");
      return this;
    }

    /** The listener to give to {@code GitOps.addListener}. */
    public GitOpsMetrics build() {
      GitOpsMetrics metrics = new GitOpsMetrics(this);
      if (gitSource != null) {
        gitSource.addRequestListener(metrics);
      }
      return metrics;
    }

    private static <T> T once(@Nullable T previous, T value, String name) {
      if (previous != null) {
        throw new IllegalStateException(name + " was already set");
      }
      return value;
    }
  }
}
