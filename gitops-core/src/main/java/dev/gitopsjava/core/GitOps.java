package dev.gitopsjava.core;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.sync.LiveObjectCache;
import dev.gitopsjava.core.sync.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The GitOps engine: keeps applications in sync with Git, the way Argo CD's application controller
 * does, inside your process.
 *
 * <pre>{@code
 * try (GitSource git = GitSource.builder().cacheDirectory(cacheDir).build();
 *      KubernetesClient k8s = new KubernetesClientBuilder().build();
 *      GitOps gitOps = GitOps.builder()
 *          .cluster(ClusterClient.fabric8(k8s))
 *          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
 *          .pollInterval(Duration.ofMinutes(3))
 *          .build()) {
 *   gitOps.addListener(event -> audit.info("{}", event));
 *   Application app = Application.read(Path.of("production-payment-api.yaml"));
 *   SyncResult preview = gitOps.sync(app).dryRun(true).call();   // what would change
 *   gitOps.manage(app);                                          // keep it in sync from now on
 *   gitOps.refresh(app.name());                                  // e.g. from a Git webhook
 *   gitOps.status(app.name()).ifPresent(s -> System.out.println(s.sync() + " " + s.health()));
 * }
 * }</pre>
 *
 * <p>Each managed application is refreshed (Git rendered, compared with the cluster) every
 * {@code pollInterval}, on {@link #refresh}, and shortly after a watch sees one of its objects
 * change. Automated applications are then synced: a new commit once; the same commit again only with
 * {@code selfHeal}, which reverts changes made in the cluster. Refreshes of one application never
 * overlap; different applications run in parallel on {@code concurrency} threads.
 *
 * <p>Logging is through SLF4J. Every line logged while the engine works on an application carries
 * the SLF4J MDC keys {@code app} (its name) and {@code commit} (the commit being reconciled; the last
 * known one until Git is resolved), whichever engine thread logs it; lines never contain Secret
 * values. Metrics: {@code dev.gitopsjava.core.metrics.GitOpsMetrics} (needs Micrometer, optional).
 */
public final class GitOps implements AutoCloseable {
  private final Reconciler reconciler;

  private GitOps(Reconciler reconciler) {
    this.reconciler = reconciler;
  }

  /** Starts configuring an engine. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts managing an application (or updates the spec of a managed one): a refresh runs at once,
   * then periodically and on watch events.
   */
  public void manage(Application application) {
    reconciler.manage(Objects.requireNonNull(application, "application"));
  }

  /**
   * Stops managing an application: no more refreshes or self-heal. Its resources stay in the
   * cluster.
   *
   * @return false if it was not managed
   */
  public boolean unmanage(String application) {
    return reconciler.unmanage(application);
  }

  /**
   * Refreshes a managed application now (render Git, compare, auto-sync per its policy), e.g. when
   * a Git webhook says the repository changed.
   *
   * @return the status after the refresh; fails with {@link IllegalArgumentException} if the
   *     application is not managed
   */
  public CompletableFuture<ApplicationStatus> refresh(String application) {
    return reconciler.refresh(application);
  }

  /** A manual sync of an application, managed or not. */
  public SyncCommand sync(Application application) {
    return new SyncCommand(reconciler, application);
  }

  /** The last known status of an application synced or managed by this engine. */
  public Optional<ApplicationStatus> status(String application) {
    return reconciler.status(application);
  }

  /**
   * What the engine's shared live-object cache has done so far (kinds watched, objects held, watch
   * events, drops and re-establishments); empty when built with {@code liveCache(false)}.
   */
  public Optional<LiveObjectCache.Stats> liveCacheStats() {
    return reconciler.liveCacheStats();
  }

  /** Adds a listener that receives every event from now on. */
  public void addListener(GitOpsListener listener) {
    reconciler.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** Stops every timer, watch and worker. Resources in the cluster are left as they are. */
  @Override
  public void close() {
    reconciler.close();
  }

  /** Set-once, validated builder for {@link GitOps}. */
  public static final class Builder {
    private @Nullable ClusterClient cluster;
    private @Nullable DesiredStateRenderer renderer;
    private @Nullable Duration pollInterval;
    private @Nullable Duration selfHealDebounce;
    private @Nullable Duration selfHealBackoff;
    private @Nullable Duration healthTimeout;
    private @Nullable Integer concurrency;
    private @Nullable Integer historyLimit;
    private @Nullable Clock clock;
    private @Nullable Sleeper sleeper;
    private @Nullable HealthAssessor health;
    private @Nullable DiffVerdictCache diffCache;
    private @Nullable Boolean liveCache;
    private @Nullable Duration liveCacheResync;

    private Builder() {}

    /** The cluster to reconcile. Required. */
    public Builder cluster(ClusterClient value) {
      cluster = once(cluster, Objects.requireNonNull(value, "cluster"), "cluster");
      return this;
    }

    /** Renders an application's source (Git + renderers + filters). Required. */
    public Builder renderer(DesiredStateRenderer value) {
      renderer = once(renderer, Objects.requireNonNull(value, "renderer"), "renderer");
      return this;
    }

    /** How often each managed application is refreshed; default 3 minutes. */
    public Builder pollInterval(Duration value) {
      pollInterval = once(pollInterval, positive(value, "pollInterval"), "pollInterval");
      return this;
    }

    /**
     * How long after a watch event the application is refreshed (several events in that time cause
     * one refresh); default 2 seconds.
     */
    public Builder selfHealDebounce(Duration value) {
      selfHealDebounce = once(selfHealDebounce, positive(value, "selfHealDebounce"), "selfHealDebounce");
      return this;
    }

    /**
     * The first self-heal back-off: when the same application drifts again right after a self-heal,
     * the next one waits this long, then 3 times longer each time, at most 5 minutes (Argo CD's
     * defaults: 2 s, factor 3, cap 300 s). Default 2 seconds.
     */
    public Builder selfHealBackoff(Duration value) {
      selfHealBackoff = once(selfHealBackoff, positive(value, "selfHealBackoff"), "selfHealBackoff");
      return this;
    }

    /** How long one sync wave may take to become healthy; default 5 minutes. */
    public Builder healthTimeout(Duration value) {
      healthTimeout = once(healthTimeout, positive(value, "healthTimeout"), "healthTimeout");
      return this;
    }

    /** How many applications are reconciled at the same time; default 4. */
    public Builder concurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("concurrency must be >= 1, was " + value);
      }
      concurrency = once(concurrency, value, "concurrency");
      return this;
    }

    /** How many synced revisions each status keeps; default 10 (Argo CD's revisionHistoryLimit). */
    public Builder historyLimit(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("historyLimit must be >= 1, was " + value);
      }
      historyLimit = once(historyLimit, value, "historyLimit");
      return this;
    }

    /** The clock for timestamps and health timeouts; default the system clock. */
    public Builder clock(Clock value) {
      clock = once(clock, Objects.requireNonNull(value, "clock"), "clock");
      return this;
    }

    /** How retries and health polls wait; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper value) {
      sleeper = once(sleeper, Objects.requireNonNull(value, "sleeper"), "sleeper");
      return this;
    }

    /** The health checks; default {@link HealthAssessor#withServices()} (built-ins plus plug-ins). */
    public Builder health(HealthAssessor value) {
      health = once(health, Objects.requireNonNull(value, "health"), "health");
      return this;
    }

    /**
     * Where diff verdicts are remembered by (desired content, live resourceVersion), so an unchanged
     * application is not diffed again; default a private cache of 10,000 verdicts. Give one to share
     * it between engines or to read its hit and miss counts.
     */
    public Builder diffCache(DiffVerdictCache value) {
      diffCache = once(diffCache, Objects.requireNonNull(value, "diffCache"), "diffCache");
      return this;
    }

    /**
     * Whether live objects come from a cache kept by one watch per kind shared by every application
     * (default {@code true}, as Argo CD's cluster cache), or from a LIST per kind per refresh with a
     * label-selected watch per application and kind for self-heal ({@code false}).
     */
    public Builder liveCache(boolean enabled) {
      liveCache = once(liveCache, enabled, "liveCache");
      return this;
    }

    /**
     * How often the live-object cache lists every watched kind again to correct what a watch may
     * have missed without dropping (default 12 h; {@link LiveObjectCache#resync}).
     */
    public Builder liveCacheResync(Duration value) {
      liveCacheResync = once(liveCacheResync, positive(value, "liveCacheResync"), "liveCacheResync");
      return this;
    }

    /**
     * Builds and starts the engine (its threads start; no application is managed yet).
     *
     * @throws IllegalStateException if the cluster or renderer is missing
     */
    public GitOps build() {
      if (cluster == null) {
        throw new IllegalStateException("cluster(...) is required");
      }
      if (renderer == null) {
        throw new IllegalStateException("renderer(...) is required");
      }
      int threads = concurrency == null ? 4 : concurrency;
      Sleeper waits = sleeper == null ? Sleeper.system() : sleeper;
      return new GitOps(new Reconciler(cluster, renderer,
          pollInterval == null ? Duration.ofMinutes(3) : pollInterval,
          selfHealDebounce == null ? Duration.ofSeconds(2) : selfHealDebounce,
          selfHealBackoff == null ? Duration.ofSeconds(2) : selfHealBackoff,
          healthTimeout == null ? Duration.ofMinutes(5) : healthTimeout,
          historyLimit == null ? 10 : historyLimit,
          clock == null ? Clock.systemUTC() : clock,
          waits,
          health == null ? HealthAssessor.withServices() : health,
          Executors.newFixedThreadPool(threads, named("gitops-worker")),
          Executors.newSingleThreadScheduledExecutor(named("gitops-timer")),
          diffCache == null ? DiffVerdictCache.create(10_000) : diffCache,
          liveCache == null || liveCache ? LiveObjectCache.create(cluster, waits) : null,
          liveCacheResync == null ? Duration.ofHours(12) : liveCacheResync));
    }

    private static ThreadFactory named(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      };
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

    private static <T> T once(@Nullable T previous, T value, String name) {
      if (previous != null) {
        throw new IllegalStateException(name + " was already set to " + previous);
      }
      return value;
    }
  }
}
