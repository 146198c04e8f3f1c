package dev.gitopsjava.core.health;

import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a {@link ConditionHealthCheck}: when the object has a {@code status.conditions} entry
 * of this type and status (and reason, if given), its health is {@code result}.
 *
 * @param type the condition type, e.g. {@code Ready}
 * @param status the condition status, usually {@code True}, {@code False} or {@code Unknown}
 *     (compared ignoring case)
 * @param reason the condition reason to require; empty to accept any
 * @param result the health when the rule matches
 */
public record ConditionRule(String type, String status, Optional<String> reason, HealthCode result) {
  /** Checks the components. */
  public ConditionRule {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(result, "result");
    if (type.isBlank()) {
      throw new IllegalArgumentException("condition type must not be blank");
    }
  }

  /** A rule on type and status, any reason. */
  public static ConditionRule of(String type, String status, HealthCode result) {
    return new ConditionRule(type, status, Optional.empty(), result);
  }

  @Override
  public String toString() {
    return type + "=" + status + reason.map(r -> " (" + r + ")").orElse("") + " -> " + result.displayName();
  }
}
