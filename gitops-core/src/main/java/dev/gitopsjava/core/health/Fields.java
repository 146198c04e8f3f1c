package dev.gitopsjava.core.health;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of status fields. The checks run on objects as the API server returns them, and
 * Argo CD's checks treat an absent field as its Go zero value; these reads do the same.
 */
final class Fields {
  private Fields() {}

  /** The integer at {@code node}, or {@code zero} when absent or not an integer. */
  static long integer(JsonNode node, long zero) {
    return node.isIntegralNumber() ? node.longValue() : zero;
  }

  /** The integer at {@code node}, or empty when absent or not an integer (Go's nil pointer). */
  static Optional<Long> optionalInteger(JsonNode node) {
    return node.isIntegralNumber() ? Optional.of(node.longValue()) : Optional.empty();
  }

  /** The string at {@code node}, or {@code ""} when absent (Go's zero value). */
  static String text(JsonNode node) {
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asString();
    }
    return "";
  }

  /** The boolean at {@code node}, false when absent. */
  static boolean bool(JsonNode node) {
    return node.isBoolean() && node.booleanValue();
  }

  /** The first entry of a {@code status.conditions} array with this {@code type}. */
  static Optional<JsonNode> condition(JsonNode conditions, String type) {
    if (!conditions.isArray()) {
      return Optional.empty();
    }
    for (JsonNode c : conditions) {
      if (type.equals(text(c.path("type")))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
