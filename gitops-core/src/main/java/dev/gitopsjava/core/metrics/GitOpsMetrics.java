package dev.gitopsjava.core.metrics;

import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.GitOpsListener;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters fed by the engine's events, named after Argo CD's metrics where one exists
 * ({@code argocd_app_sync_total} → {@code gitops.app.sync.total}, exported to Prometheus as
 * {@code gitops_app_sync_total}; {@code argocd_app_k8s_request_total}'s spirit for refreshes: {@code gitops.app.refresh}). Not yet
 * measured: refresh (reconcile) duration, Git fetch duration and write errors by HTTP status, which
 * the events do not carry.
 *
 * <pre>{@code
 * gitOps.addListener(GitOpsMetrics.builder(registry).renderer(renderer).diffCache(diffCache).build());
 * }</pre>
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><td>{@code gitops.app.sync.total} (counter; {@code name}, {@code phase} Succeeded|Failed)</td></tr>
 * <tr><td>{@code gitops.app.sync.duration} (timer; {@code name}): sync started to finished</td></tr>
 * <tr><td>{@code gitops.app.refresh} (counter; {@code name}, {@code result} Synced|OutOfSync|Unknown|ComparisonError)</td></tr>
 * <tr><td>{@code gitops.app.resource.failed} (counter; {@code name}): resources a sync could not write</td></tr>
 * <tr><td>{@code gitops.app.drift} (counter; {@code name}): drift seen after a sync</td></tr>
 * <tr><td>{@code gitops.render.cache.hits|misses}, {@code gitops.diff.cache.hits|misses} (function counters)</td></tr>
 * <tr><td>{@code gitops.render.cache.hit.ratio}, {@code gitops.diff.cache.hit.ratio} (gauges, 0..1)</td></tr>
 * </table>
 */
public final class GitOpsMetrics implements GitOpsListener {
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

  private static double ratio(long hits, long misses) {
    long total = hits + misses;
    return total == 0 ? 0 : (double) hits / total;
  }

  /** Configuration of {@link GitOpsMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private @Nullable DesiredStateRenderer renderer;
    private @Nullable DiffVerdictCache diffCache;

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /** Also report this renderer's cache hits and misses. */
    public Builder renderer(DesiredStateRenderer value) {
      renderer = Objects.requireNonNull(value, "renderer");
      return this;
    }

    /** Also report this diff cache's hits and misses. */
    public Builder diffCache(DiffVerdictCache value) {
      diffCache = Objects.requireNonNull(value, "diffCache");
      return this;
    }

    /** The listener to give to {@code GitOps.addListener}. */
    public GitOpsMetrics build() {
      return new GitOpsMetrics(this);
    }
  }
}
