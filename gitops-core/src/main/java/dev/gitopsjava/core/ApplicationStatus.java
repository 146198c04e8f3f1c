package dev.gitopsjava.core;

import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.sync.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine knows about one application after its last reconciliation, like Argo CD's
 * {@code Application.status}.
 *
 * @param application the application's name
 * @param sync whether the cluster matches Git
 * @param revision the commit last compared with the cluster ({@code ""} before the first render)
 * @param health the application's health: the worst health of its resources
 * @param healthMessage which resources are not healthy, or {@code ""}
 * @param conditions problems that stop the engine from comparing or syncing, newest last
 * @param lastSync the result of the last sync, if any ran
 * @param history synced revisions, oldest first (at most the configured history limit)
 * @param outOfSync the resources that differ from Git (created, updated or pruned by a sync)
 * @param reconciledAt when the status was computed
 */
public record ApplicationStatus(String application, SyncStatus sync, String revision, HealthCode health,
    String healthMessage, List<Condition> conditions, Optional<SyncResult> lastSync, List<SyncedRevision> history,
    List<String> outOfSync, Instant reconciledAt) {

  /** Argo CD's sync status. */
  public enum SyncStatus {
    /** The cluster matches Git. */
    SYNCED,
    /** Something differs: a resource to create, update or prune. */
    OUT_OF_SYNC,
    /** The engine could not compare (render error, unknown kind, cluster unreachable). */
    UNKNOWN
  }

  /**
   * A problem that stops comparing or syncing.
   *
   * @param type {@code ComparisonError} (render, source or validation) or {@code SyncError}
   * @param message what went wrong, naming the file or resource
   * @param at when it was seen
   */
  public record Condition(String type, String message, Instant at) {
    /** The type of a render, source or validation problem. */
    public static final String COMPARISON_ERROR = "ComparisonError";
    /** The type of a failed sync. */
    public static final String SYNC_ERROR = "SyncError";

    /** Checks the components. */
    public Condition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * One entry of the sync history.
   *
   * @param commit the commit synced
   * @param syncedAt when the sync ended
   * @param outcome how it ended
   */
  public record SyncedRevision(String commit, Instant syncedAt, SyncResult.Outcome outcome) {
    /** Checks the components. */
    public SyncedRevision {
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(syncedAt, "syncedAt");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** Checks the components. */
  public ApplicationStatus {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(sync, "sync");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(healthMessage, "healthMessage");
    conditions = List.copyOf(conditions);
    Objects.requireNonNull(lastSync, "lastSync");
    history = List.copyOf(history);
    outOfSync = List.copyOf(outOfSync);
    Objects.requireNonNull(reconciledAt, "reconciledAt");
  }

  /** The status of an application not reconciled yet. */
  static ApplicationStatus unknown(String application, Instant at) {
    return new ApplicationStatus(application, SyncStatus.UNKNOWN, "", HealthCode.UNKNOWN, "", List.of(),
        Optional.empty(), List.of(), List.of(), at);
  }

  /** The first condition of a type. */
  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
