package dev.gitopsjava.core.health;

import java.util.Objects;

/**
 * The health of one resource.
 *
 * @param status the status
 * @param message why, in words the controller or the check chose; {@code ""} when none
 */
public record HealthStatus(HealthCode status, String message) {

  public HealthStatus {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  public static HealthStatus healthy() {
    return new HealthStatus(HealthCode.HEALTHY, "");
  }

  public static HealthStatus healthy(String message) {
    return new HealthStatus(HealthCode.HEALTHY, message);
  }

  public static HealthStatus suspended(String message) {
    return new HealthStatus(HealthCode.SUSPENDED, message);
  }

  public static HealthStatus progressing(String message) {
    return new HealthStatus(HealthCode.PROGRESSING, message);
  }

  public static HealthStatus missing() {
    return new HealthStatus(HealthCode.MISSING, "");
  }

  public static HealthStatus degraded(String message) {
    return new HealthStatus(HealthCode.DEGRADED, message);
  }

  public static HealthStatus unknown(String message) {
    return new HealthStatus(HealthCode.UNKNOWN, message);
  }

  @Override
  public String toString() {
    return message.isEmpty() ? status.displayName() : status.displayName() + ": " + message;
  }
}
