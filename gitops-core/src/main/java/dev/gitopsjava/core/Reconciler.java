package dev.gitopsjava.core;

import dev.gitopsjava.core.ApplicationStatus.Condition;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.ApplicationStatus.SyncedRevision;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.health.ApplicationHealth;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.health.ManagedResource;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.RenderResult;
import dev.gitopsjava.core.sync.LiveObjectCache;
import dev.gitopsjava.core.sync.ResourceResult;
import dev.gitopsjava.core.sync.Sleeper;
import dev.gitopsjava.core.sync.SyncAction;
import dev.gitopsjava.core.sync.SyncExecutor;
import dev.gitopsjava.core.sync.SyncRequest;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.sync.SyncTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reconciliation loop behind {@link GitOps}: per application a refresh (render Git, compare with
 * the cluster, auto-sync when the policy says so) on a timer, on demand and after watch events, one
 * at a time per application, many applications at once on a bounded pool.
 *
 * <p>Auto-sync follows Argo CD: a new commit is synced once; the same commit is synced again only
 * with {@code selfHeal} (drift reverted). With {@code selfHeal} off, drift is reported as
 * {@link SyncStatus#OUT_OF_SYNC} and left alone. A failed sync of a commit is tried again at the
 * next refresh (Argo CD would wait for a new commit, argo-cd#18442).
 */
final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final ClusterClient cluster;
  private final DesiredStateRenderer renderer;
  private final Duration pollInterval;
  private static final Duration SELF_HEAL_CAP = Duration.ofMinutes(5);

  private final Duration selfHealDebounce;
  private final Duration selfHealBackoff;
  private final Duration healthTimeout;
  private final int historyLimit;
  private final Clock clock;
  private final Sleeper sleeper;
  private final HealthAssessor health;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final DiffVerdictCache diffCache;
  /** Shared by every application: one watch per kind. Null: a LIST per kind per refresh, watches per application. */
  private final @Nullable LiveObjectCache liveCache;
  private final List<GitOpsListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, AppState> apps = new ConcurrentHashMap<>();

  Reconciler(ClusterClient cluster, DesiredStateRenderer renderer, Duration pollInterval, Duration selfHealDebounce,
      Duration selfHealBackoff,
      Duration healthTimeout, int historyLimit, Clock clock, Sleeper sleeper, HealthAssessor health,
      ExecutorService workers, ScheduledExecutorService timers, DiffVerdictCache diffCache,
      @Nullable LiveObjectCache liveCache, Duration liveCacheResync) {
    this.diffCache = diffCache;
    this.liveCache = liveCache;
    if (liveCache != null) {
      long every = liveCacheResync.toMillis();
      timers.scheduleWithFixedDelay(() -> {
        try {
          liveCache.resync();
        } catch (RuntimeException e) {
          LOG.warn("live cache resync failed: {}", e.getMessage()); // the next one may succeed
        }
      }, every, every, TimeUnit.MILLISECONDS);
    }
    this.cluster = cluster;
    this.renderer = renderer;
    this.pollInterval = pollInterval;
    this.selfHealDebounce = selfHealDebounce;
    this.selfHealBackoff = selfHealBackoff;
    this.healthTimeout = healthTimeout;
    this.historyLimit = historyLimit;
    this.clock = clock;
    this.sleeper = sleeper;
    this.health = health;
    this.workers = workers;
    this.timers = timers;
  }

  /** Why a refresh or sync runs; shown in events. */
  enum Trigger { MANAGED, PERIODIC, MANUAL_REFRESH, WATCH_EVENT, SELF_HEAL, MANUAL_SYNC }

  /** Everything kept per application. Guarded by {@link #lock} except the volatile fields. */
  private final class AppState {
    final ReentrantLock lock = new ReentrantLock();
    volatile Application app;
    volatile SyncExecutor executor;
    volatile Differ differ;
    volatile ApplicationStatus status;
    volatile boolean managed;
    @Nullable ScheduledFuture<?> periodic;
    @Nullable ScheduledFuture<?> debounced;
    final Map<String, ClusterWatch> watches = new ConcurrentHashMap<>();
    @Nullable ClusterWatch subscription;
    final Deque<SyncedRevision> history = new ArrayDeque<>();
    @Nullable SyncResult lastSync;
    String lastSyncedCommit = "";
    int selfHealStreak;
    @Nullable Instant lastSelfHealAt;
    HealthCode lastHealth = HealthCode.UNKNOWN;

    AppState(Application app) {
      this.status = ApplicationStatus.unknown(app.name(), clock.instant());
      configure(app);
    }

    void configure(Application newApp) {
      this.app = newApp;
      RetryPolicy retry = newApp.syncPolicy().retry();
      SyncExecutor.Builder builder = SyncExecutor.builder(cluster).clock(clock).sleeper(sleeper).health(health)
          .healthTimeout(healthTimeout)
          .retry(retry.limit() < 0 ? Integer.MAX_VALUE : retry.limit(), retry.backoff(), retry.factor(),
              retry.maxBackoff());
      if (liveCache != null) {
        builder.liveCache(liveCache);
      }
      this.executor = builder.build();
      this.differ = diffCache.wrap(newApp.ignoreDifferences().isEmpty() ? Differ.standard()
          : Differ.builder().ignoreRules(newApp.ignoreDifferences()).build());
    }
  }

  // ---- public operations (through GitOps) ----------------------------------------------------

  void manage(Application app) {
    AppState state = apps.compute(app.name(), (name, existing) -> {
      if (existing == null) {
        return new AppState(app);
      }
      // No lock: a refresh in progress keeps the executor it started with; the next one uses these.
      existing.configure(app);
      return existing;
    });
    synchronized (state) {
      state.managed = true;
      if (state.periodic == null) {
        long millis = pollInterval.toMillis();
        state.periodic = timers.scheduleWithFixedDelay(
            () -> submit(state, Trigger.PERIODIC), millis, millis, TimeUnit.MILLISECONDS);
      }
    }
    submit(state, Trigger.MANAGED);
  }

  boolean unmanage(String name) {
    AppState state = apps.remove(name);
    if (state == null) {
      return false;
    }
    stop(state);
    // Wait for a refresh in progress, so nothing is written for this application after we return.
    state.lock.lock();
    state.lock.unlock();
    return true;
  }

  CompletableFuture<ApplicationStatus> refresh(String name) {
    AppState state = apps.get(name);
    if (state == null || !state.managed) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("application " + name + " is not managed"));
    }
    return CompletableFuture.supplyAsync(() -> refreshNow(state, Trigger.MANUAL_REFRESH), workers);
  }

  Optional<ApplicationStatus> status(String name) {
    return Optional.ofNullable(apps.get(name)).map(s -> s.status);
  }

  Optional<LiveObjectCache.Stats> liveCacheStats() {
    return liveCache == null ? Optional.empty() : Optional.of(liveCache.stats());
  }

  void addListener(GitOpsListener listener) {
    listeners.add(listener);
  }

  SyncResult syncNow(Application app, boolean dryRun, boolean prune) {
    AppState state = apps.computeIfAbsent(app.name(), n -> new AppState(app));
    state.lock.lock();
    MDC.put("app", app.name());
    MDC.put("commit", state.status.revision()); // the last known one until Git is resolved
    try {
      if (!state.app.equals(app)) {
        state.configure(app);
      }
      Instant started = clock.instant();
      RenderResult rendered;
      try {
        rendered = renderer.render(app.name(), app.source());
      } catch (GitOpsException e) {
        comparisonFailed(state, "", e.getMessage());
        return SyncResult.error(app.name(), "", e.getMessage(), started, clock.instant());
      }
      MDC.put("commit", rendered.revision().commit());
      if (dryRun) {
        return state.executor.sync(request(state, rendered, true, prune));
      }
      SyncResult result = runSync(state, rendered, prune, Trigger.MANUAL_SYNC);
      compare(state, rendered);
      return result;
    } finally {
      MDC.remove("app");
      MDC.remove("commit");
      state.lock.unlock();
    }
  }

  @Override
  public void close() {
    for (AppState s : apps.values()) {
      stop(s);
    }
    apps.clear();
    if (liveCache != null) {
      liveCache.close();
    }
    timers.shutdownNow();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- the loop ----------------------------------------------------------------------------

  private void submit(AppState state, Trigger trigger) {
    if (!state.managed) {
      return;
    }
    try {
      workers.execute(() -> refreshNow(state, trigger));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shutting down
    }
  }

  private ApplicationStatus refreshNow(AppState state, Trigger trigger) {
    state.lock.lock();
    MDC.put("app", state.app.name()); // every log line of this refresh names the application and commit
    MDC.put("commit", state.status.revision()); // the last known one until Git is resolved
    Instant started = clock.instant();
    try {
      if (!state.managed) {
        return state.status; // unmanaged while this refresh waited in the queue
      }
      Application app = state.app;
      RenderResult rendered;
      try {
        rendered = renderer.render(app.name(), app.source());
      } catch (GitOpsException e) {
        comparisonFailed(state, "", e.getMessage());
        return state.status;
      } catch (RuntimeException e) {
        comparisonFailed(state, "", "render failed: " + e);
        return state.status;
      }
      String commit = rendered.revision().commit();
      MDC.put("commit", commit);
      if (rendered.revision().stale()) {
        // Git is unreachable: keep the last good revision, write nothing, say why (as Argo CD's
        // ComparisonError with sync status Unknown).
        comparisonFailed(state, commit, "repository unavailable, last good revision " + commit + " kept: "
            + rendered.revision().staleReason().orElse(""));
        return state.status;
      }
      SyncResult comparison = compare(state, rendered);
      if (comparison.outcome() == SyncResult.Outcome.ERROR) {
        return state.status;
      }
      SyncPolicy policy = app.syncPolicy();
      boolean actionable = comparison.plan().tasks().stream()
          .anyMatch(t -> t.action().changesCluster() && !t.isHook());
      boolean drifted = actionable && commit.equals(state.lastSyncedCommit);
      if (drifted) {
        emit(GitOpsEvent.Type.DRIFT_DETECTED, app.name(), commit, String.join(", ", state.status.outOfSync()), null);
      }
      if (!policy.automated() || !actionable) {
        return state.status;
      }
      if (!drifted) {
        state.selfHealStreak = 0;
        runSync(state, rendered, policy.prune(), trigger);
        compare(state, rendered);
      } else if (policy.selfHeal()) {
        Duration wait = selfHealWait(state);
        if (wait.isZero()) {
          state.selfHealStreak++;
          state.lastSelfHealAt = clock.instant();
          runSync(state, rendered, policy.prune(), Trigger.SELF_HEAL);
          compare(state, rendered);
        } else {
          // Something keeps changing it back (another controller?): back off instead of fighting.
          emit(GitOpsEvent.Type.DRIFT_DETECTED, app.name(), commit, "self-heal backing off for " + wait, null);
          synchronized (state) {
            if (state.debounced == null || state.debounced.isDone()) {
              state.debounced = timers.schedule(() -> submit(state, Trigger.WATCH_EVENT),
                  Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
            }
          }
        }
      }
      return state.status;
    } catch (RuntimeException e) {
      LOG.warn("refresh of {} failed", state.app.name(), e);
      comparisonFailed(state, state.status.revision(), "refresh failed: " + e.getMessage());
      return state.status;
    } finally {
      if (state.managed) {
        timed(state.app.name(), Duration.between(started, clock.instant()));
      }
      MDC.remove("app");
      MDC.remove("commit");
      state.lock.unlock();
    }
  }

  /**
   * How long to wait before the next self-heal of the same commit: nothing for the first, then
   * {@code base × 3^(n-1)} after the previous one, capped at 5 minutes (Argo CD's self-heal back-off,
   * 2 s × 3ⁿ up to 300 s). A streak ends when a new commit is synced or the last self-heal is
   * longer ago than the cap.
   */
  private Duration selfHealWait(AppState state) {
    Instant last = state.lastSelfHealAt;
    if (state.selfHealStreak == 0 || last == null) {
      return Duration.ZERO;
    }
    Duration since = Duration.between(last, clock.instant());
    if (since.compareTo(SELF_HEAL_CAP) > 0) {
      state.selfHealStreak = 0;
      return Duration.ZERO;
    }
    Duration backoff = selfHealBackoff;
    for (int i = 1; i < state.selfHealStreak && backoff.compareTo(SELF_HEAL_CAP) < 0; i++) {
      backoff = backoff.multipliedBy(3);
    }
    if (backoff.compareTo(SELF_HEAL_CAP) > 0) {
      backoff = SELF_HEAL_CAP;
    }
    Duration remaining = backoff.minus(since);
    return remaining.isNegative() ? Duration.ZERO : remaining;
  }

  /** Dry-run sync: the plan says what differs. Updates status, health and watches. */
  private SyncResult compare(AppState state, RenderResult rendered) {
    Application app = state.app;
    String commit = rendered.revision().commit();
    SyncResult plan = state.executor.sync(request(state, rendered, true, app.syncPolicy().prune()));
    if (plan.outcome() == SyncResult.Outcome.ERROR) {
      comparisonFailed(state, commit, plan.message());
      return plan;
    }
    List<String> outOfSync = new ArrayList<>();
    List<ManagedResource> resources = new ArrayList<>();
    for (SyncTask t : plan.plan().tasks()) {
      // Hooks run with every sync and never count as drift (as in Argo CD).
      boolean differs = t.action() != SyncAction.UNCHANGED && t.role() == SyncTask.Role.RESOURCE;
      if (differs) {
        outOfSync.add(t.action().name().toLowerCase(Locale.ROOT) + " " + t.key());
      }
      if (!t.isPrune() && t.role() == SyncTask.Role.RESOURCE) {
        resources.add(ManagedResource.of(t.desired(), t.live()));
      }
    }
    ApplicationHealth appHealth = health.assessApplication(resources);
    SyncStatus sync = outOfSync.isEmpty() ? SyncStatus.SYNCED : SyncStatus.OUT_OF_SYNC;
    List<Condition> conditions = new ArrayList<>();
    if (state.lastSync != null && state.lastSync.outcome() != SyncResult.Outcome.SUCCEEDED
        && state.lastSync.commit().equals(commit) && sync != SyncStatus.SYNCED) {
      conditions.add(new Condition(Condition.SYNC_ERROR, state.lastSync.message(), state.lastSync.finishedAt()));
    }
    ApplicationStatus previous = state.status;
    state.status = new ApplicationStatus(app.name(), sync, commit, appHealth.status(), appHealth.causesMessage(),
        conditions, Optional.ofNullable(state.lastSync), List.copyOf(state.history), outOfSync, clock.instant());
    emit(GitOpsEvent.Type.REFRESHED, app.name(), commit, sync.name(), null);
    if (sync == SyncStatus.OUT_OF_SYNC && (previous.sync() != SyncStatus.OUT_OF_SYNC
        || !previous.outOfSync().equals(outOfSync))) {
      emit(GitOpsEvent.Type.OUT_OF_SYNC, app.name(), commit, String.join(", ", outOfSync), null);
    }
    if (appHealth.status() != state.lastHealth) {
      emit(GitOpsEvent.Type.HEALTH_CHANGED, app.name(), commit,
          state.lastHealth.displayName() + " -> " + appHealth.status().displayName()
              + (appHealth.causesMessage().isEmpty() ? "" : " (" + appHealth.causesMessage() + ")"), null);
      state.lastHealth = appHealth.status();
    }
    ensureWatches(state, plan);
    return plan;
  }

  private SyncResult runSync(AppState state, RenderResult rendered, boolean prune, Trigger trigger) {
    Application app = state.app;
    String commit = rendered.revision().commit();
    emit(GitOpsEvent.Type.SYNC_STARTED, app.name(), commit, "trigger: " + trigger.name().toLowerCase(Locale.ROOT), null);
    SyncResult result = state.executor.sync(request(state, rendered, false, prune));
    for (ResourceResult r : result.resources()) {
      if (r.status() == ResourceResult.Status.FAILED) {
        emit(GitOpsEvent.Type.RESOURCE_FAILED, app.name(), commit, r.message(), r.key());
      } else if (r.attempts() > 0 && r.status() == ResourceResult.Status.PRUNED) {
        emit(GitOpsEvent.Type.RESOURCE_PRUNED, app.name(), commit, r.message(), r.key());
      } else if (r.attempts() > 0 && r.status() == ResourceResult.Status.SYNCED) {
        emit(GitOpsEvent.Type.RESOURCE_APPLIED, app.name(), commit,
            r.message() + (r.attempts() > 1 ? " after " + r.attempts() + " attempts" : ""), r.key());
      }
    }
    state.lastSync = result;
    if (result.succeeded()) {
      state.lastSyncedCommit = commit;
      emit(GitOpsEvent.Type.SYNC_SUCCEEDED, app.name(), commit, result.message(), null);
    } else {
      emit(GitOpsEvent.Type.SYNC_FAILED, app.name(), commit, result.message(), null);
    }
    state.history.addLast(new SyncedRevision(commit, result.finishedAt(), result.outcome()));
    while (state.history.size() > historyLimit) {
      state.history.removeFirst();
    }
    return result;
  }

  private SyncRequest request(AppState state, RenderResult rendered, boolean dryRun, boolean prune) {
    Application app = state.app;
    SyncOptions options = app.syncPolicy().options();
    dev.gitopsjava.core.sync.PlanOptions planOptions = dev.gitopsjava.core.sync.PlanOptions.builder()
        .prune(prune)
        .pruneLast(options.pruneLast())
        .createNamespace(options.createNamespace())
        .allowEmpty(app.syncPolicy().allowEmpty())
        .destinationNamespace(app.destination().namespace())
        .build();
    return SyncRequest.builder(app.name(), rendered.desired())
        .options(planOptions)
        .differ(state.differ)
        .serverSideApply(options.serverSideApply())
        .prunePropagation(propagation(options.prunePropagationPolicy()))
        .dryRun(dryRun)
        .build();
  }

  private static DeletePropagation propagation(String policy) {
    return switch (policy.toLowerCase(Locale.ROOT)) {
      case "background" -> DeletePropagation.BACKGROUND;
      case "orphan" -> DeletePropagation.ORPHAN;
      default -> DeletePropagation.FOREGROUND;
    };
  }

  private void comparisonFailed(AppState state, String commit, String message) {
    ApplicationStatus previous = state.status;
    List<Condition> conditions = List.of(new Condition(Condition.COMPARISON_ERROR, message, clock.instant()));
    state.status = new ApplicationStatus(state.app.name(), SyncStatus.UNKNOWN,
        commit.isEmpty() ? previous.revision() : commit, previous.health(), previous.healthMessage(), conditions,
        previous.lastSync(), previous.history(), previous.outOfSync(), clock.instant());
    emit(GitOpsEvent.Type.COMPARISON_FAILED, state.app.name(), commit, message, null);
  }

  // ---- self-heal -----------------------------------------------------------------------------

  /**
   * Self-heal triggers: with the live cache, a subscription to its events for the application's
   * label (the cache watches each kind once for every application); without, a label-selected watch
   * per kind the application has objects of.
   */
  private void ensureWatches(AppState state, SyncResult plan) {
    if (!state.managed) {
      return;
    }
    TrackingMark mark = TrackingMark.of(state.app.name());
    if (liveCache != null) {
      synchronized (state) {
        if (state.subscription == null && state.managed) {
          state.subscription = liveCache.subscribe(mark, e -> onClusterEvent(state, e));
        }
      }
      return;
    }
    for (SyncTask t : plan.plan().tasks()) {
      if (t.role() == SyncTask.Role.CREATED_NAMESPACE) {
        continue;
      }
      ResourceType type;
      try {
        type = cluster.resourceType(t.key());
      } catch (ClusterException e) {
        continue; // e.g. a custom resource whose CRD is not applied yet; watched after the next refresh
      }
      String typeKey = type.group() + "/" + type.kind();
      if (!state.watches.containsKey(typeKey)) {
        try {
          state.watches.put(typeKey, cluster.watch(type, "", mark.selector(), e -> onClusterEvent(state, e)));
        } catch (ClusterException e) {
          LOG.warn("cannot watch {} for {}: {}", type, state.app.name(), e.getMessage());
        }
      }
    }
  }

  private void onClusterEvent(AppState state, ClusterEvent event) {
    if (event.type() == ClusterEvent.Type.ADDED || !state.managed) {
      return; // ADDED: the watch's initial list, or our own create
    }
    if (!TrackingMark.of(state.app.name()).owns(event.object())) {
      return;
    }
    synchronized (state) {
      if (state.debounced != null && !state.debounced.isDone()) {
        return;
      }
      state.debounced = timers.schedule(() -> submit(state, Trigger.WATCH_EVENT),
          selfHealDebounce.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void stop(AppState state) {
    synchronized (state) {
      state.managed = false;
      if (state.periodic != null) {
        state.periodic.cancel(false);
      }
      if (state.debounced != null) {
        state.debounced.cancel(false);
      }
      if (state.subscription != null) {
        state.subscription.close();
        state.subscription = null;
      }
    }
    state.watches.values().forEach(ClusterWatch::close);
    state.watches.clear();
    if (liveCache != null) {
      liveCache.untrack(state.app.name());
    }
  }

  private void timed(String app, Duration took) {
    for (GitOpsListener l : listeners) {
      try {
        l.onRefreshTimed(app, took);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed timing a refresh of {}", l, app, e);
      }
    }
  }

  private void emit(GitOpsEvent.Type type, String app, String commit, String message, @Nullable ResourceKey key) {
    GitOpsEvent event = new GitOpsEvent(type, app, commit, clock.instant(), message, Optional.ofNullable(key));
    LOG.debug("{}", event);
    for (GitOpsListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("listener {} failed on {}", l, event, e);
      }
    }
  }
}
