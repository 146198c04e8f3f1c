package dev.gitopsjava.core;

import dev.gitopsjava.core.model.ResourceKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the audit trail: what happened to which application (and resource), when, and from
 * which commit.
 *
 * @param type what happened
 * @param application the application's name
 * @param commit the commit concerned ({@code ""} when none was resolved, e.g. a source error)
 * @param at when
 * @param message details: the change made, the error, the resources out of sync; never secret values
 * @param resource the resource concerned, for resource events
 */
public record GitOpsEvent(Type type, String application, String commit, Instant at, String message,
    Optional<ResourceKey> resource) {

  /** The kinds of event. */
  public enum Type {
    /** Git was rendered and compared with the cluster; the message gives the sync status. */
    REFRESHED,
    /** Rendering or validating the desired state failed; nothing was written. */
    COMPARISON_FAILED,
    /** The cluster differs from Git; the message lists the resources. */
    OUT_OF_SYNC,
    /**
     * A change in the cluster (seen by a watch) left the application out of sync with the commit it
     * was synced to; the message lists the resources.
     */
    DRIFT_DETECTED,
    /** A sync started; the message says why (automated, self-heal, manual). */
    SYNC_STARTED,
    /** A resource was created or updated. */
    RESOURCE_APPLIED,
    /** A resource was deleted because it left Git. */
    RESOURCE_PRUNED,
    /** A resource could not be synced. */
    RESOURCE_FAILED,
    /** A sync succeeded. */
    SYNC_SUCCEEDED,
    /** A sync failed. */
    SYNC_FAILED,
    /** The application's health changed; the message has old and new. */
    HEALTH_CHANGED
  }

  /** Checks the components. */
  public GitOpsEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(resource, "resource");
  }

  @Override
  public String toString() {
    return at + " " + application + "@" + (commit.length() > 7 ? commit.substring(0, 7) : commit) + " " + type
        + resource.map(r -> " " + r).orElse("") + (message.isEmpty() ? "" : ": " + message);
  }
}
