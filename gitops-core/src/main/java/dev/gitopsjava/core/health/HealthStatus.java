package dev.gitopsjava.core.health;

import java.util.Objects;

/**
 * The health of one resource.
 *
 * @param status the status
 * @param message why, in words the controller or the check chose; {@code ""} when none
 */
public record HealthStatus(HealthCode status, String message) {

  /** Checks the components. */
  public HealthStatus {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  /** Healthy, without a message. */
  public static HealthStatus healthy() {
    return new HealthStatus(HealthCode.HEALTHY, "");
  }

  /** Healthy, with a message. */
  public static HealthStatus healthy(String message) {
    return new HealthStatus(HealthCode.HEALTHY, message);
  }

  /** Suspended (paused on purpose), with the reason. */
  public static HealthStatus suspended(String message) {
    return new HealthStatus(HealthCode.SUSPENDED, message);
  }

  /** Progressing (not ready yet), with what it waits for. */
  public static HealthStatus progressing(String message) {
    return new HealthStatus(HealthCode.PROGRESSING, message);
  }

  /** Missing: the object does not exist. */
  public static HealthStatus missing() {
    return new HealthStatus(HealthCode.MISSING, "");
  }

  /** Degraded (failed), with the reason. */
  public static HealthStatus degraded(String message) {
    return new HealthStatus(HealthCode.DEGRADED, message);
  }

  /** Unknown, with why it cannot be told. */
  public static HealthStatus unknown(String message) {
    return new HealthStatus(HealthCode.UNKNOWN, message);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? status.displayName() : status.displayName() + ": " + message;
  }
}
