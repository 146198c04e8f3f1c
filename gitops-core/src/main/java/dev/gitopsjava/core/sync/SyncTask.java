package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * One unit of sync work: one resource in one phase.
 *
 * @param key the resource; for a desired resource its namespace is already resolved (the
 *     destination namespace filled in where the manifest had none)
 * @param action what to do
 * @param phase the phase the task runs in
 * @param wave the effective wave: the resource's {@code argocd.argoproj.io/sync-wave}, or the wave
 *     planning gave it (mirrored prune waves, PruneLast, a Namespace or CRD moved before its first
 *     dependant)
 * @param desired the manifest to apply; empty for prune tasks
 * @param live the object in the cluster; empty when it does not exist yet
 * @param role why the task is there
 * @param reason a short human explanation for skipped or generated tasks, otherwise {@code ""}
 */
public record SyncTask(
    ResourceKey key,
    SyncAction action,
    SyncPhase phase,
    int wave,
    Optional<Manifest> desired,
    Optional<Manifest> live,
    Role role,
    String reason) {

  /** Why a task is in the plan. */
  public enum Role {
    /** A resource from the desired state, or a live one to prune. */
    RESOURCE,
    /** A hook ({@code argocd.argoproj.io/hook}); applied in its phase, never pruned. */
    HOOK,
    /**
     * The destination namespace, created because the application has {@code CreateNamespace=true}
     * and the desired state does not hold it. The executor must treat "already exists" as done.
     */
    CREATED_NAMESPACE
  }

  /** Checks the components. */
  public SyncTask {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(reason, "reason");
    if (desired.isEmpty() && live.isEmpty()) {
      throw new IllegalArgumentException("task for " + key + " has neither a desired nor a live object");
    }
    if (action.isPrune() != desired.isEmpty()) {
      throw new IllegalArgumentException("task for " + key + ": " + action
          + (desired.isEmpty() ? " needs a desired manifest" : " must not have a desired manifest"));
    }
  }

  /** The manifest the task is about: the desired one, or the live one for a prune. */
  public Manifest manifest() {
    return desired.or(() -> live).orElseThrow();
  }

  /** True for prune tasks, whether or not the prune will happen. */
  public boolean isPrune() {
    return action.isPrune();
  }

  /** True for hook tasks. */
  public boolean isHook() {
    return role == Role.HOOK;
  }

  /** One line of plan output, e.g. {@code create  apps/Deployment shop/web}. */
  public String render() {
    StringBuilder line = new StringBuilder();
    line.append(String.format("%-9s %s", action.word(), key));
    if (role == Role.HOOK) {
      line.append(" (hook)");
    }
    if (!reason.isEmpty()) {
      line.append(" (").append(reason).append(')');
    }
    return line.toString();
  }

  @Override
  public String toString() {
    return phase + " wave " + wave + ": " + render();
  }
}
