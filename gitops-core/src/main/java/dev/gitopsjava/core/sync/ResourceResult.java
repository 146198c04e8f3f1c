package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.Objects;

/**
 * What a sync did to one resource.
 *
 * @param key the resource
 * @param action what the plan said to do
 * @param phase the phase the task ran in
 * @param wave the wave the task ran in
 * @param status how it went
 * @param message a short explanation (the error for {@link Status#FAILED}); secret values never
 *     appear in it
 * @param attempts how many times the write was tried (0 when nothing was written)
 */
public record ResourceResult(ResourceKey key, SyncAction action, SyncPhase phase, int wave, Status status,
    String message, int attempts) {

  /** The outcome for one resource. */
  public enum Status {
    /** Created, updated, or found already as desired. */
    SYNCED,
    /** Deleted (or found already gone). */
    PRUNED,
    /** Left alone on purpose: prune off, {@code Prune=false}, or no longer carrying the mark. */
    SKIPPED,
    /** The write failed after the allowed retries, or the resource did not become healthy. */
    FAILED,
    /** Not run: a dry run, or an earlier wave failed. */
    NOT_RUN
  }

  /** Checks the components. */
  public ResourceResult {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** A task that wrote (or left unchanged) its resource. */
  public static ResourceResult synced(SyncTask task, String message, int attempts) {
    return new ResourceResult(task.key(), task.action(), task.phase(), task.wave(), Status.SYNCED, message, attempts);
  }

  /** A prune that deleted its resource. */
  public static ResourceResult pruned(SyncTask task, String message, int attempts) {
    return new ResourceResult(task.key(), task.action(), task.phase(), task.wave(), Status.PRUNED, message, attempts);
  }

  /** A task left alone on purpose. */
  public static ResourceResult skipped(SyncTask task, String message) {
    return new ResourceResult(task.key(), task.action(), task.phase(), task.wave(), Status.SKIPPED, message, 0);
  }

  /** A task that failed. */
  public static ResourceResult failed(SyncTask task, String message, int attempts) {
    return new ResourceResult(task.key(), task.action(), task.phase(), task.wave(), Status.FAILED, message, attempts);
  }

  /** A task that did not run. */
  public static ResourceResult notRun(SyncTask task, String message) {
    return new ResourceResult(task.key(), task.action(), task.phase(), task.wave(), Status.NOT_RUN, message, 0);
  }

  /** The same result with another status and message (e.g. a resource that then failed its health check). */
  public ResourceResult with(Status newStatus, String newMessage) {
    return new ResourceResult(key, action, phase, wave, newStatus, newMessage, attempts);
  }

  @Override
  public String toString() {
    return status + " " + action + " " + key + (message.isEmpty() ? "" : ": " + message);
  }
}
