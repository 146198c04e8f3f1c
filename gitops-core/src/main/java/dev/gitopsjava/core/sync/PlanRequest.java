package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Everything the planner reads. Built with {@link #builder(DesiredState, LiveState)}:
 *
 * <pre>{@code
 * PlanRequest request = PlanRequest.builder(desired, live)
 *     .modified(key -> diffs.get(key).modified())      // the diff's verdict per resource
 *     .owned(liveObject -> tracking.owns(liveObject))  // carries this application's mark
 *     .options(options)
 *     .scope(key -> {                                  // from the cluster's API discovery
 *       try {
 *         return cluster.resourceType(key).namespaced() ? ResourceScope.NAMESPACED : ResourceScope.CLUSTER;
 *       } catch (UnknownKindException e) {
 *         return ResourceScope.UNKNOWN;                // e.g. a custom resource whose CRD is not installed yet
 *       }
 *     })
 *     .build();
 * SyncPlan plan = SyncPlanner.plan(request);
 * }</pre>
 *
 * @param desired what Git says
 * @param live what the cluster has (the application's objects and any other objects the caller
 *     wants matched; only those {@code owned} are ever pruned)
 * @param modified true when the desired resource with this key differs from its live object; asked
 *     only for keys present on both sides, with the namespace already resolved (the destination
 *     namespace filled in). Default: every such resource is modified (apply all).
 * @param owned true when a live object carries this application's tracking mark. Default: nothing
 *     is owned, so nothing is pruned.
 * @param options the application's sync options
 * @param scope whether a kind is namespaced; default {@link ResourceScope#ofBuiltInKind}
 * @param operationStart when the sync operation started; a hook with {@code generateName} and no
 *     name is named from it, as Argo CD does: {@code generateName} + lower-case
 *     {@code <first 7 characters of the commit>-<phase>-<start, unix seconds>}, so each sync
 *     creates a new object. Default {@link Instant#EPOCH}; {@link SyncExecutor} sets it.
 */
public record PlanRequest(
    DesiredState desired,
    LiveState live,
    Predicate<ResourceKey> modified,
    Predicate<Manifest> owned,
    PlanOptions options,
    Function<ResourceKey, ResourceScope> scope,
    Instant operationStart) {

  /** Checks the components. */
  public PlanRequest {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(owned, "owned");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(operationStart, "operationStart");
  }

  /** A builder starting from the two states. */
  public static Builder builder(DesiredState desired, LiveState live) {
    return new Builder(desired, live);
  }

  /** Set-once builder for {@link PlanRequest}. */
  public static final class Builder {
    private final DesiredState desired;
    private final LiveState live;
    private @Nullable Predicate<ResourceKey> modified;
    private @Nullable Predicate<Manifest> owned;
    private @Nullable PlanOptions options;
    private @Nullable Function<ResourceKey, ResourceScope> scope;
    private @Nullable Instant operationStart;

    private Builder(DesiredState desired, LiveState live) {
      this.desired = Objects.requireNonNull(desired, "desired");
      this.live = Objects.requireNonNull(live, "live");
    }

    /** The diff verdict per resource key (see {@link PlanRequest#modified()}). */
    public Builder modified(Predicate<ResourceKey> value) {
      modified = once(modified, value, "modified");
      return this;
    }

    /** Which live objects carry this application's mark (see {@link PlanRequest#owned()}). */
    public Builder owned(Predicate<Manifest> value) {
      owned = once(owned, value, "owned");
      return this;
    }

    /** Sets {@code options}. */
    public Builder options(PlanOptions value) {
      options = once(options, value, "options");
      return this;
    }

    /** Scope lookup, typically backed by API discovery. */
    public Builder scope(Function<ResourceKey, ResourceScope> value) {
      scope = once(scope, value, "scope");
      return this;
    }

    /** When the sync operation started (names {@code generateName} hooks). */
    public Builder operationStart(Instant value) {
      operationStart = once(operationStart, value, "operationStart");
      return this;
    }

    /** Builds the {@code PlanRequest}. */
    public PlanRequest build() {
      return new PlanRequest(desired, live,
          modified == null ? key -> true : modified,
          owned == null ? object -> false : owned,
          options == null ? PlanOptions.defaults() : options,
          scope == null ? ResourceScope::ofBuiltInKind : scope,
          operationStart == null ? Instant.EPOCH : operationStart);
    }

    private static <T> T once(@Nullable T previous, T value, String name) {
      Objects.requireNonNull(value, name);
      if (previous != null) {
        throw new IllegalStateException(name + " was already set");
      }
      return value;
    }
  }
}
