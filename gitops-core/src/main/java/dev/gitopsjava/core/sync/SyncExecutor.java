package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterUnavailableException;
import dev.gitopsjava.core.cluster.ConflictException;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.LastAppliedConfiguration;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.cluster.UnknownKindException;
import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.health.HealthStatus;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs syncs against a cluster: prepares the desired state (namespace, ownership mark), reads the
 * live state, diffs, plans with {@link SyncPlanner}, then applies the plan wave by wave.
 *
 * <pre>{@code
 * SyncExecutor executor = SyncExecutor.builder(ClusterClient.fabric8(k8s))
 *     .retry(5, Duration.ofSeconds(5), 2, Duration.ofMinutes(3))
 *     .healthTimeout(Duration.ofMinutes(5))
 *     .build();
 * SyncResult result = executor.sync(SyncRequest.builder("payment-api", desired).options(options).build());
 * }</pre>
 *
 * <p>Safety rules:
 * <ul>
 *   <li>Nothing is written unless every desired kind is known to the cluster (or defined by a CRD
 *       in the same desired state), every namespaced manifest has a namespace, and the plan could
 *       be made (an empty desired state without {@code allowEmpty} is refused). Such failures end
 *       with {@link SyncResult.Outcome#ERROR}.</li>
 *   <li>Only objects carrying this application's {@link TrackingMark} are pruned, checked again on
 *       a fresh read just before the delete.</li>
 *   <li>With a {@link Builder#liveCache LiveObjectCache}, owned objects are read from it for kinds it
 *       has in sync, and listed otherwise (the first sync of an application lists every known kind
 *       to find what an earlier process applied); every object the executor writes is written
 *       through to it. What prune deletes is still read from the cluster first.</li>
 *   <li>Client-side apply (the default) writes the diff's three-way merged object with the
 *       last-applied annotation, guarded by the live resourceVersion, re-reading and re-merging on
 *       a 409.</li>
 *   <li>Writes that fail with a retryable error (409, 429, 5xx, timeouts, dropped connections) are
 *       retried with the back-off {@code backoff × factor^n}, capped at {@code maxBackoff}, and at
 *       least the server's {@code Retry-After}, up to {@code limit} retries.</li>
 *   <li>Between waves the executor waits until the wave's resources are healthy and its pruned
 *       objects are gone, polling every {@code healthPollInterval} up to {@code healthTimeout}.
 *       A degraded resource or a timeout fails the sync; later waves do not run.</li>
 *   <li>Hooks (Argo CD's resource hooks): the last wave is not waited for, unless it holds hooks,
 *       which are awaited until they complete (a Job: Complete or Failed; a Pod: Succeeded or
 *       Failed), so a failed PostSync hook fails the sync. When the sync fails, the SyncFail hooks
 *       run and are awaited. {@link HookDeletePolicy Delete policies}: BeforeHookCreation (the
 *       default) deletes an existing hook object before creating it and, for a
 *       {@code generateName} hook, this application's earlier runs of it; HookSucceeded and
 *       HookFailed delete the hook objects once the sync ended that way. A {@code generateName}
 *       hook is named by the planner (see {@link PlanRequest#operationStart()}), so it runs once per
 *       sync and carries the tracking mark of its generated name.</li>
 * </ul>
 */
public final class SyncExecutor {

  /** The field manager used for server-side apply unless configured otherwise. */
  public static final String DEFAULT_FIELD_MANAGER = "gitops-java";

  /** Whether a live object lets the next wave start. */
  enum Readiness { READY, WAITING, FAILED }

  private final ClusterClient cluster;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration healthTimeout;
  private final Duration healthPollInterval;
  private final int retryLimit;
  private final Duration backoff;
  private final int backoffFactor;
  private final Duration maxBackoff;
  private final String fieldManager;
  private final Function<Manifest, Readiness> readiness;
  private final @Nullable LiveObjectCache liveCache;
  /**
   * Per application, the types its owned objects were last seen in. The first sync of an
   * application in this process lists every known type (objects a previous process applied); later
   * syncs list only these plus the desired types, one request per type instead of ~50.
   */
  private final Map<String, Set<ResourceType>> ownedTypes = new ConcurrentHashMap<>();

  private SyncExecutor(Builder b) {
    this.cluster = b.cluster;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    this.sleeper = b.sleeper == null ? Sleeper.system() : b.sleeper;
    this.healthTimeout = b.healthTimeout == null ? Duration.ofMinutes(5) : b.healthTimeout;
    this.healthPollInterval = b.healthPollInterval == null ? Duration.ofSeconds(2) : b.healthPollInterval;
    this.retryLimit = b.retryLimit == null ? 5 : b.retryLimit;
    this.backoff = b.backoff == null ? Duration.ofSeconds(5) : b.backoff;
    this.backoffFactor = b.backoffFactor == null ? 2 : b.backoffFactor;
    this.maxBackoff = b.maxBackoff == null ? Duration.ofMinutes(3) : b.maxBackoff;
    this.fieldManager = b.fieldManager == null ? DEFAULT_FIELD_MANAGER : b.fieldManager;
    HealthAssessor health = b.health == null ? HealthAssessor.builtIn() : b.health;
    this.readiness = live -> readinessOf(health, live);
    this.liveCache = b.liveCache;
  }

  /**
   * Argo CD's rule for a running task: Healthy passes, Degraded fails, anything else waits; a kind
   * without a health check passes. Suspended passes too (Argo CD would wait until the timeout): a
   * paused Deployment is paused on purpose and must not fail every sync.
   */
  private static Readiness readinessOf(HealthAssessor health, Manifest live) {
    Optional<HealthStatus> status = health.assess(live);
    if (status.isEmpty()) {
      return Readiness.READY;
    }
    return switch (status.get().status()) {
      case HEALTHY, SUSPENDED -> Readiness.READY;
      case DEGRADED -> Readiness.FAILED;
      default -> Readiness.WAITING;
    };
  }

  /** Starts configuring an executor for a cluster. */
  public static Builder builder(ClusterClient cluster) {
    return new Builder(cluster);
  }

  /**
   * Runs one sync. Errors are reported in the result, not thrown: {@link SyncResult.Outcome#ERROR}
   * when the sync stopped before any write, {@link SyncResult.Outcome#FAILED} when a write or a
   * health wait failed.
   */
  public SyncResult sync(SyncRequest request) {
    Instant started = clock.instant();
    String app = request.application();
    String commit = request.desired().commit();
    TrackingMark mark = TrackingMark.of(app);

    Prepared prepared;
    LiveState live;
    Map<ResourceKey, DiffResult> diffs = new HashMap<>();
    SyncPlan plan;
    try {
      prepared = prepare(request, mark);
      live = readLive(mark, prepared, request.options());
      for (Manifest desired : prepared.desired().all()) {
        Optional<Manifest> current = live.get(desired.key());
        diffs.put(desired.key(), request.differ().diff(desired, current));
      }
      plan = SyncPlanner.plan(PlanRequest.builder(prepared.desired(), live)
          .modified(key -> {
            DiffResult d = diffs.get(key);
            return d == null || d.modified();
          })
          .owned(mark::owns)
          .options(request.options())
          .scope(prepared::scope)
          .operationStart(started)
          .build());
    } catch (GitOpsException e) {
      return SyncResult.error(app, commit, e.getMessage(), started, clock.instant());
    }

    if (request.dryRun()) {
      List<ResourceResult> results = plan.tasks().stream()
          .map(t -> ResourceResult.notRun(t, "dry run")).toList();
      return new SyncResult(app, commit, SyncResult.Outcome.SUCCEEDED, "dry run: " + summary(plan), plan, results,
          true, started, clock.instant());
    }
    return execute(request, mark, plan, live, started);
  }

  // ---- preparing -----------------------------------------------------------------------------

  /** The desired state with namespaces and marks, and the scope of every desired kind. */
  private record Prepared(DesiredState desired, Map<String, ResourceType> types, Set<ResourceType> knownToCluster) {
    ResourceScope scope(ResourceKey key) {
      ResourceType t = types.get(key.group() + "/" + key.version() + "/" + key.kind());
      if (t == null) {
        t = types.values().stream().filter(x -> x.group().equals(key.group()) && x.kind().equals(key.kind()))
            .findFirst().orElse(null);
      }
      return t == null ? ResourceScope.UNKNOWN : t.namespaced() ? ResourceScope.NAMESPACED : ResourceScope.CLUSTER;
    }
  }

  private Prepared prepare(SyncRequest request, TrackingMark mark) {
    Map<String, ResourceType> fromCrdsInGit = new HashMap<>();
    for (Manifest m : request.desired().all()) {
      if (m.key().group().equals("apiextensions.k8s.io") && m.key().kind().equals("CustomResourceDefinition")) {
        try {
          for (ResourceType t : ResourceType.definedBy(m)) {
            fromCrdsInGit.put(t.group() + "/" + t.version() + "/" + t.kind(), t);
          }
        } catch (IllegalArgumentException malformed) {
          throw new GitOpsException(m.origin() + ": " + malformed.getMessage(), malformed);
        }
      }
    }
    String destination = request.options().destinationNamespace();
    Map<String, ResourceType> types = new HashMap<>();
    Set<ResourceType> knownToCluster = new java.util.HashSet<>();
    List<Manifest> prepared = new ArrayList<>();
    for (Manifest m : request.desired().all()) {
      ResourceKey key = m.key();
      String typeKey = key.group() + "/" + key.version() + "/" + key.kind();
      ResourceType type = types.get(typeKey);
      if (type == null) {
        try {
          type = cluster.resourceType(key);
          knownToCluster.add(type);
        } catch (UnknownKindException e) {
          type = fromCrdsInGit.get(typeKey);
          if (type == null) {
            throw new GitOpsException(m.origin() + ": " + e.getMessage(), e);
          }
        }
        types.put(typeKey, type);
      }
      Manifest placed = m;
      if (type.namespaced() && key.namespace().isEmpty()) {
        if (destination.isEmpty()) {
          throw new GitOpsException(m.origin() + ": " + key + " is namespaced, has no metadata.namespace and the "
              + "application has no destination namespace");
        }
        placed = m.withNamespace(destination);
      } else if (!type.namespaced() && !key.namespace().isEmpty()) {
        ObjectNode copy = m.mutableCopy();
        if (copy.get("metadata") instanceof ObjectNode md) {
          md.remove("namespace");
        }
        placed = m.withTree(copy);
      }
      prepared.add(mark.applyTo(placed));
    }
    return new Prepared(DesiredState.of(request.desired().commit(), prepared), Map.copyOf(types),
        Set.copyOf(knownToCluster));
  }

  /**
   * The application's live objects: every object carrying its mark (listed by label, then checked
   * by annotation) plus whatever lives at each desired key (so an existing unmarked object is
   * updated rather than created twice; it is never pruned).
   */
  private LiveState readLive(TrackingMark mark, Prepared prepared, PlanOptions options) {
    Map<ResourceKey, Manifest> found = new LinkedHashMap<>();
    Set<ResourceType> remembered = ownedTypes.get(mark.application());
    Map<String, ResourceType> toList = new LinkedHashMap<>();
    if (remembered == null) {
      cluster.resourceTypes().forEach(t -> toList.put(t.group() + "/" + t.kind(), t));
    } else {
      remembered.forEach(t -> toList.put(t.group() + "/" + t.kind(), t));
      prepared.types().values().stream()
          .filter(t -> prepared.knownToCluster().contains(t))
          .forEach(t -> toList.putIfAbsent(t.group() + "/" + t.kind(), t));
    }
    Set<ResourceType> seen = ConcurrentHashMap.newKeySet();
    for (ResourceType type : toList.values()) {
      Optional<List<Manifest>> cached = liveCache == null ? Optional.empty() : liveCache.objects(type, mark);
      List<Manifest> listed;
      try {
        listed = cached.isPresent() ? cached.get() : readWithRetries(() -> cluster.list(type, "", mark.selector()));
      } catch (ClusterException e) {
        if (e.statusCode() == 404) {
          continue; // a built-in kind this cluster does not serve
        }
        throw e;
      }
      for (Manifest m : listed) {
        if (mark.owns(m)) {
          found.put(m.key(), m);
          seen.add(type);
        }
      }
    }
    prepared.types().values().stream().filter(t -> prepared.knownToCluster().contains(t)).forEach(seen::add);
    ownedTypes.put(mark.application(), seen);
    if (liveCache != null) {
      liveCache.track(mark.application(), seen);
    }
    if (options.createNamespace()) {
      // The namespace CreateNamespace made carries no mark; read it so the plan sees it exists.
      ResourceKey ns = ResourceKey.of("v1", "Namespace", "", options.destinationNamespace());
      readWithRetries(() -> cluster.get(ns)).ifPresent(m -> found.putIfAbsent(m.key(), m));
    }
    for (Manifest desired : prepared.desired().all()) {
      if (found.containsKey(desired.key()) || prepared.scope(desired.key()) == ResourceScope.UNKNOWN
          || desired.generateName().isPresent()) {
        continue;
      }
      try {
        readWithRetries(() -> cluster.get(desired.key())).ifPresent(m -> found.put(m.key(), m));
      } catch (UnknownKindException e) {
        // Its CRD is part of this sync: the object cannot exist yet.
      }
    }
    return new LiveState(found);
  }

  // ---- executing -----------------------------------------------------------------------------

  /** A hook task that wrote its object, and where its result is. */
  private record RanHook(int resultIndex, SyncTask task) {}

  private SyncResult execute(SyncRequest request, TrackingMark mark, SyncPlan plan, LiveState before,
      Instant started) {
    List<ResourceResult> results = new ArrayList<>();
    List<RanHook> ranHooks = new ArrayList<>();
    String failure = "";
    List<SyncWave> waves = plan.waves();
    List<SyncWave> runnable = waves.stream().filter(w -> w.phase() != SyncPhase.SYNC_FAIL).toList();
    for (int i = 0; i < runnable.size(); i++) {
      SyncWave wave = runnable.get(i);
      if (!failure.isEmpty()) {
        for (SyncTask t : wave.tasks()) {
          results.add(ResourceResult.notRun(t, "not run: an earlier wave failed"));
        }
        continue;
      }
      List<ResourceResult> waveResults = new ArrayList<>();
      for (SyncTask task : wave.tasks()) {
        waveResults.add(run(request, mark, task, before));
      }
      List<ResourceResult> failed = waveResults.stream()
          .filter(r -> r.status() == ResourceResult.Status.FAILED).toList();
      if (!failed.isEmpty()) {
        failure = failed.size() + " resource(s) failed in " + wave.phase() + " wave " + wave.wave() + ": "
            + failed.get(0).message();
      } else {
        // Argo CD ends the sync right after applying the last wave unless it holds hooks: those (Jobs,
        // Pods) are awaited until they complete, and a failed one fails the sync.
        boolean last = i == runnable.size() - 1;
        failure = awaitWave(wave, waveResults, last);
      }
      recordHooks(wave, waveResults, results.size(), ranHooks);
      results.addAll(waveResults);
    }
    List<SyncWave> syncFail = waves.stream().filter(w -> w.phase() == SyncPhase.SYNC_FAIL).toList();
    if (!failure.isEmpty()) {
      // SyncFail hooks run only now, best effort, and are awaited like other hooks.
      for (SyncWave wave : syncFail) {
        List<ResourceResult> waveResults = new ArrayList<>();
        for (SyncTask t : wave.tasks()) {
          waveResults.add(run(request, mark, t, before));
        }
        String hookFailure = awaitWave(wave, waveResults, true);
        if (!hookFailure.isEmpty()) {
          failure = failure + "; a SyncFail hook failed: " + hookFailure;
        }
        recordHooks(wave, waveResults, results.size(), ranHooks);
        results.addAll(waveResults);
      }
      deleteHooks(ranHooks, HookDeletePolicy.HOOK_FAILED, mark, results);
      return new SyncResult(request.application(), request.desired().commit(), SyncResult.Outcome.FAILED, failure,
          plan, results, false, started, clock.instant());
    }
    for (SyncWave wave : syncFail) {
      for (SyncTask t : wave.tasks()) {
        results.add(ResourceResult.notRun(t, "SyncFail hook: the sync succeeded"));
      }
    }
    deleteHooks(ranHooks, HookDeletePolicy.HOOK_SUCCEEDED, mark, results);
    return new SyncResult(request.application(), request.desired().commit(), SyncResult.Outcome.SUCCEEDED,
        summary(plan), plan, results, false, started, clock.instant());
  }

  /**
   * Waits for a wave: every resource when more waves follow, only its hooks when it is the last.
   * Hook results are rewritten in place to say how the hook ended. Returns {@code ""} or why the
   * wave failed.
   */
  private String awaitWave(SyncWave wave, List<ResourceResult> waveResults, boolean last) {
    Set<ResourceKey> hookKeys = new java.util.HashSet<>();
    wave.tasks().stream().filter(SyncTask::isHook).forEach(t -> hookKeys.add(t.key()));
    List<ResourceResult> awaited = last
        ? waveResults.stream().filter(r -> hookKeys.contains(r.key())).toList()
        : waveResults;
    if (awaited.isEmpty()) {
      return "";
    }
    Map<ResourceKey, Readiness> verdicts = new HashMap<>();
    String failure = awaitHealthy(wave, awaited, verdicts);
    for (int j = 0; j < waveResults.size(); j++) {
      ResourceResult r = waveResults.get(j);
      Readiness verdict = verdicts.get(r.key());
      if (!hookKeys.contains(r.key()) || r.status() != ResourceResult.Status.SYNCED || verdict == null) {
        continue;
      }
      if (verdict == Readiness.READY) {
        waveResults.set(j, r.with(ResourceResult.Status.SYNCED, r.message() + "; hook succeeded"));
      } else if (verdict == Readiness.FAILED) {
        waveResults.set(j, r.with(ResourceResult.Status.FAILED, r.message() + "; hook failed"));
      }
    }
    return failure;
  }

  /** Remembers the hooks of a wave that wrote an object, for their delete policies. */
  private static void recordHooks(SyncWave wave, List<ResourceResult> waveResults, int offset, List<RanHook> into) {
    for (int j = 0; j < waveResults.size(); j++) {
      SyncTask task = wave.tasks().get(j);
      ResourceResult r = waveResults.get(j);
      if (task.isHook() && (r.status() == ResourceResult.Status.SYNCED || r.status() == ResourceResult.Status.FAILED)
          && r.attempts() > 0) {
        into.add(new RanHook(offset + j, task));
      }
    }
  }

  /**
   * Deletes, once the sync has ended, the hook objects whose delete policy names that ending
   * ({@code HookSucceeded} after a successful sync, {@code HookFailed} after a failed one), as
   * Argo CD does; the hook's result says so.
   */
  private void deleteHooks(List<RanHook> ran, HookDeletePolicy policy, TrackingMark mark, List<ResourceResult> results) {
    for (RanHook hook : ran) {
      if (!HookDeletePolicy.of(hook.task().desired().orElseThrow()).contains(policy)) {
        continue;
      }
      ResourceResult r = results.get(hook.resultIndex());
      String outcome;
      try {
        Optional<Manifest> current = readWithRetries(() -> cluster.get(hook.task().key()));
        if (current.isPresent() && readiness.apply(current.get()) == Readiness.WAITING) {
          // Argo CD deletes only hooks that finished: one still running when another failed stays.
          outcome = "still running, not deleted (" + policy + ")";
        } else {
          outcome = deleteHookObject(hook.task().key(), mark) ? "deleted (" + policy + ")" : "already gone";
        }
      } catch (ClusterException e) {
        outcome = "not deleted (" + policy + "): " + e.getMessage();
      }
      results.set(hook.resultIndex(), r.with(r.status(), r.message() + "; " + outcome));
    }
  }

  /** Deletes one hook object of this application; false when it was not there (or not ours). */
  private boolean deleteHookObject(ResourceKey key, TrackingMark mark) {
    Optional<Manifest> current = readWithRetries(() -> cluster.get(key));
    if (current.isEmpty() || !mark.owns(current.get())) {
      return false;
    }
    boolean deleted = cluster.delete(key, DeletePropagation.BACKGROUND);
    if (deleted && liveCache != null) {
      liveCache.deleted(current.get());
    }
    return deleted;
  }

  private ResourceResult run(SyncRequest request, TrackingMark mark, SyncTask task, LiveState before) {
    return switch (task.action()) {
      case UNCHANGED -> ResourceResult.synced(task, "unchanged", 0);
      case PRUNE_SKIPPED -> ResourceResult.skipped(task, task.reason().isEmpty() ? "prune skipped" : task.reason());
      case CREATE, UPDATE -> withRetries(task, attempt -> apply(request, mark, task, before));
      case PRUNE -> withRetries(task, attempt -> prune(request, mark, task));
    };
  }

  @FunctionalInterface
  private interface Attempt {
    ResourceResult run(int attempt);
  }

  private ResourceResult withRetries(SyncTask task, Attempt attempt) {
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        ResourceResult r = attempt.run(attempts);
        return new ResourceResult(r.key(), r.action(), r.phase(), r.wave(), r.status(), r.message(), attempts);
      } catch (ClusterException e) {
        if (!e.isRetryable() || attempts > retryLimit) {
          String why = e.isRetryable() ? " (gave up after " + attempts + " attempts)" : "";
          return ResourceResult.failed(task, e.getMessage() + why, attempts);
        }
        Duration delay = delayBefore(attempts - 1);
        if (e instanceof ClusterUnavailableException u && u.retryAfter().isPresent()
            && u.retryAfter().get().compareTo(delay) > 0) {
          delay = u.retryAfter().get();
        }
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return ResourceResult.failed(task, "interrupted while waiting to retry: " + e.getMessage(), attempts);
        }
      } catch (GitOpsException | IllegalArgumentException e) {
        return ResourceResult.failed(task, String.valueOf(e.getMessage()), attempts);
      }
    }
  }

  /**
   * A read retried like a write (same limit, back-off and {@code Retry-After}): one throttled or
   * dropped LIST among the dozens of a first sync must not fail the sync.
   */
  private <T> T readWithRetries(java.util.function.Supplier<T> read) {
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        return read.get();
      } catch (ClusterException e) {
        if (!e.isRetryable() || attempts > retryLimit) {
          throw e;
        }
        Duration delay = delayBefore(attempts - 1);
        if (e instanceof ClusterUnavailableException u && u.retryAfter().isPresent()
            && u.retryAfter().get().compareTo(delay) > 0) {
          delay = u.retryAfter().get();
        }
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** {@code backoff × factor^retry}, capped at {@code maxBackoff}. */
  Duration delayBefore(int retry) {
    Duration d = backoff;
    for (int i = 0; i < retry && d.compareTo(maxBackoff) < 0; i++) {
      d = d.multipliedBy(backoffFactor);
    }
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }

  private ResourceResult apply(SyncRequest request, TrackingMark mark, SyncTask task, LiveState before) {
    // A hook named by the planner (generateName) needs the tracking id of its real name.
    Manifest desired = task.isHook() ? mark.applyTo(task.desired().orElseThrow()) : task.desired().orElseThrow();
    if (task.role() == SyncTask.Role.CREATED_NAMESPACE) {
      // Never marked, so never pruned (Argo CD keeps namespaces it created, too).
      try {
        cluster.create(desired);
        return ResourceResult.synced(task, "created namespace", 0);
      } catch (ConflictException exists) {
        return ResourceResult.synced(task, "namespace exists", 0);
      }
    }
    if (task.isHook()) {
      if (HookDeletePolicy.of(desired).contains(HookDeletePolicy.BEFORE_HOOK_CREATION)) {
        // A hook (typically a Job, whose template cannot be changed) is deleted and created again,
        // so it runs again; earlier runs of a generateName hook go too.
        int earlier = deleteEarlierRuns(desired, mark, before);
        // Read now, not from the plan: a hook in two phases was created by the earlier one.
        Optional<Manifest> existing = cluster.get(task.key());
        if (existing.isPresent()) {
          // Git names this object: replaced whether or not it carries our mark, as Argo CD does.
          if (cluster.delete(task.key(), DeletePropagation.BACKGROUND) && liveCache != null) {
            liveCache.deleted(existing.get());
          }
          awaitGone(task.key());
        }
        written(cluster.create(LastAppliedConfiguration.record(desired)));
        return ResourceResult.synced(task, (existing.isPresent() ? "hook re-created" : "hook created")
            + (earlier > 0 ? " (deleted " + earlier + " earlier run(s))" : ""), 0);
      }
      // Other policies: applied like any resource (as kubectl apply would); an existing completed
      // Job is left as it is and counts as a hook that already succeeded.
    }
    if (request.serverSideApply()) {
      written(cluster.serverSideApply(desired, fieldManager));
      return ResourceResult.synced(task, "server-side applied", 0);
    }
    if (task.action() == SyncAction.CREATE) {
      try {
        written(cluster.create(LastAppliedConfiguration.record(desired)));
        return ResourceResult.synced(task, "created", 0);
      } catch (ConflictException exists) {
        // Created meanwhile (or our earlier attempt's answer was lost): merge onto it instead.
      }
    }
    written(cluster.update(task.key(), live -> mergedFor(request, desired, live), 5));
    return ResourceResult.synced(task, task.action() == SyncAction.CREATE ? "created (then updated)" : "updated", 0);
  }

  /**
   * For a hook with {@code metadata.generateName}: deletes this application's objects of the same
   * kind, namespace and {@code generateName} that were in the cluster when the sync started, i.e.
   * the runs of earlier syncs. Returns how many.
   */
  private int deleteEarlierRuns(Manifest hook, TrackingMark mark, LiveState before) {
    String generateName = hook.tree().path("metadata").path("generateName").asString("");
    if (generateName.isEmpty()) {
      return 0;
    }
    int deleted = 0;
    for (Manifest m : before.all()) {
      ResourceKey k = m.key();
      if (k.group().equals(hook.key().group()) && k.kind().equals(hook.key().kind())
          && k.namespace().equals(hook.key().namespace()) && !k.name().equals(hook.key().name())
          && generateName.equals(m.tree().path("metadata").path("generateName").asString(""))
          && SyncHook.of(m).hook() && mark.owns(m) && deleteHookObject(k, mark)) {
        deleted++;
      }
    }
    return deleted;
  }

  /** Waits (bounded by the health timeout) until a deleted object is gone, e.g. behind finalizers. */
  private void awaitGone(ResourceKey key) {
    Instant deadline = clock.instant().plus(healthTimeout);
    while (cluster.get(key).isPresent()) {
      if (!clock.instant().isBefore(deadline)) {
        throw new ClusterException(key + " still exists " + healthTimeout + " after it was deleted", 0, key, null);
      }
      try {
        sleeper.sleep(healthPollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted waiting for " + key + " to go", 0, key, e);
      }
    }
  }

  /**
   * The diff's three-way merge of desired onto live, with the last-applied annotation of desired and
   * live's status. A real API server ignores status in a PUT of a kind with a status subresource;
   * carrying it over keeps servers that do not (fabric8's mock, for Deployments) from losing the
   * status a controller wrote.
   */
  private static Manifest mergedFor(SyncRequest request, Manifest desired, Manifest live) {
    Manifest merged = request.differ().diff(desired, Optional.of(live)).mergedObject();
    String lastApplied = LastAppliedConfiguration.record(desired).annotation(LastAppliedConfiguration.ANNOTATION)
        .orElseThrow();
    merged = merged.withAnnotation(LastAppliedConfiguration.ANNOTATION, lastApplied);
    if (live.tree().has("status")) {
      ObjectNode withStatus = merged.mutableCopy();
      withStatus.set("status", live.tree().get("status").deepCopy());
      merged = merged.withTree(withStatus);
    }
    return merged;
  }

  private ResourceResult prune(SyncRequest request, TrackingMark mark, SyncTask task) {
    Optional<Manifest> current = cluster.get(task.key());
    if (current.isEmpty()) {
      return ResourceResult.pruned(task, "already gone", 0);
    }
    if (!mark.owns(current.get())) {
      return ResourceResult.skipped(task, "no longer carries the mark of " + mark.application());
    }
    if (cluster.delete(task.key(), request.prunePropagation()) && liveCache != null) {
      liveCache.deleted(current.get());
    }
    return ResourceResult.pruned(task, "pruned", 0);
  }

  /** Write-through, so the refresh after this sync does not read what was there before the write. */
  private void written(Manifest stored) {
    if (liveCache != null) {
      liveCache.written(stored);
    }
  }

  // ---- waiting for health --------------------------------------------------------------------

  /** Waits for the wave; returns {@code ""} when healthy, else why not. */
  private String awaitHealthy(SyncWave wave, List<ResourceResult> results, Map<ResourceKey, Readiness> verdicts) {
    Instant deadline = clock.instant().plus(healthTimeout);
    while (true) {
      List<String> waiting = new ArrayList<>();
      for (ResourceResult r : results) {
        Optional<Manifest> live;
        try {
          live = cluster.get(r.key());
        } catch (ClusterException e) {
          if (!e.isRetryable()) {
            return "reading " + r.key() + " for its health: " + e.getMessage();
          }
          waiting.add(r.key() + " (unreadable: " + e.getMessage() + ")");
          continue;
        }
        if (r.status() == ResourceResult.Status.PRUNED) {
          live.ifPresent(m -> waiting.add(r.key() + " (still being deleted)"));
        } else if (r.status() == ResourceResult.Status.SYNCED) {
          if (live.isEmpty()) {
            waiting.add(r.key() + " (missing)");
          } else {
            Readiness verdict = readiness.apply(live.get());
            verdicts.put(r.key(), verdict);
            if (verdict == Readiness.FAILED) {
              return r.key() + " is degraded; wave " + wave.wave() + " did not become healthy";
            }
            if (verdict == Readiness.WAITING) {
              waiting.add(r.key().toString());
            }
          }
        }
      }
      if (waiting.isEmpty()) {
        return "";
      }
      if (!clock.instant().isBefore(deadline)) {
        return "timed out after " + healthTimeout + " waiting for " + wave.phase() + " wave " + wave.wave()
            + " to become healthy: " + String.join(", ", waiting);
      }
      try {
        sleeper.sleep(healthPollInterval);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return "interrupted while waiting for wave " + wave.wave();
      }
    }
  }

  private static String summary(SyncPlan plan) {
    Map<SyncAction, Integer> counts = plan.counts();
    StringBuilder s = new StringBuilder();
    for (Map.Entry<SyncAction, Integer> e : counts.entrySet()) {
      if (e.getValue() > 0) {
        s.append(s.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey().word());
      }
    }
    return s.length() == 0 ? "nothing to do" : s.toString();
  }

  /** Set-once builder for {@link SyncExecutor}. */
  public static final class Builder {
    private final ClusterClient cluster;
    private @Nullable Clock clock;
    private @Nullable Sleeper sleeper;
    private @Nullable Duration healthTimeout;
    private @Nullable Duration healthPollInterval;
    private @Nullable Integer retryLimit;
    private @Nullable Duration backoff;
    private @Nullable Integer backoffFactor;
    private @Nullable Duration maxBackoff;
    private @Nullable String fieldManager;
    private @Nullable HealthAssessor health;
    private @Nullable LiveObjectCache liveCache;

    private Builder(ClusterClient cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /** The clock health timeouts are measured with; default the system clock. */
    public Builder clock(Clock value) {
      clock = once(clock, Objects.requireNonNull(value, "clock"), "clock");
      return this;
    }

    /** How the executor waits between retries and health polls; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper value) {
      sleeper = once(sleeper, Objects.requireNonNull(value, "sleeper"), "sleeper");
      return this;
    }

    /** How long a wave may take to become healthy; default 5 minutes. */
    public Builder healthTimeout(Duration value) {
      healthTimeout = once(healthTimeout, positive(value, "healthTimeout"), "healthTimeout");
      return this;
    }

    /** How often health is polled between waves; default 2 seconds (Argo CD's wave delay). */
    public Builder healthPollInterval(Duration value) {
      healthPollInterval = once(healthPollInterval, positive(value, "healthPollInterval"), "healthPollInterval");
      return this;
    }

    /**
     * Retries of a failed write (Argo CD's {@code syncPolicy.retry}): at most {@code limit} retries,
     * waiting {@code backoff × factor^n} capped at {@code maxBackoff}. Default 5, 5 s, 2, 3 min.
     */
    public Builder retry(int limit, Duration backoff, int factor, Duration maxBackoff) {
      if (limit < 0) {
        throw new IllegalArgumentException("retry limit must be >= 0, was " + limit);
      }
      Objects.requireNonNull(backoff, "backoff");
      if (backoff.isNegative()) {
        throw new IllegalArgumentException("backoff must not be negative, was " + backoff);
      }
      if (factor < 1) {
        throw new IllegalArgumentException("retry factor must be >= 1, was " + factor);
      }
      retryLimit = once(retryLimit, limit, "retry");
      this.backoff = backoff;
      backoffFactor = factor;
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      if (maxBackoff.isNegative()) {
        throw new IllegalArgumentException("maxBackoff must not be negative, was " + maxBackoff);
      }
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** The field manager for server-side apply; default {@value #DEFAULT_FIELD_MANAGER}. */
    public Builder fieldManager(String value) {
      if (value.isBlank()) {
        throw new IllegalArgumentException("fieldManager must not be blank");
      }
      fieldManager = once(fieldManager, value, "fieldManager");
      return this;
    }

    /** The health checks that decide when a wave is done; default {@link HealthAssessor#builtIn()}. */
    public Builder health(HealthAssessor value) {
      health = once(health, Objects.requireNonNull(value, "health"), "health");
      return this;
    }

    /**
     * Reads the application's owned objects from {@code value} for kinds it watches and has in
     * sync, instead of a LIST per kind per sync, and writes what this executor writes through to
     * it; default none (a LIST per owned kind). Prune still re-reads each object before deleting.
     */
    public Builder liveCache(LiveObjectCache value) {
      liveCache = once(liveCache, Objects.requireNonNull(value, "liveCache"), "liveCache");
      return this;
    }

    /** Builds the {@code SyncExecutor}. */
    public SyncExecutor build() {
      return new SyncExecutor(this);
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
