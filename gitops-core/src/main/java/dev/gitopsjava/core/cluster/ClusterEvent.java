package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import java.util.Objects;

/**
 * A change seen by a {@link ClusterClient#watch watch}.
 *
 * @param type what happened
 * @param object the object after the change (for {@link Type#DELETED}, its last known state)
 */
public record ClusterEvent(Type type, Manifest object) {

  /** Checks the components. */
  public ClusterEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(object, "object");
  }

  /** The kinds of change a watch reports. */
  public enum Type {
    /** The object appeared (also reported for every existing object when a watch starts). */
    ADDED,
    /** The object changed. */
    MODIFIED,
    /** The object is gone. */
    DELETED
  }
}
