package dev.gitopsjava.core.diff;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Operations on FieldsV1 sets (nested objects whose keys are path elements). */
final class FieldSets {
  private FieldSets() {}

  /** Adds every path of {@code more} to {@code into}. */
  static void union(ObjectNode into, JsonNode more) {
    for (Map.Entry<String, JsonNode> e : more.properties()) {
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        union(o, e.getValue());
      } else if (existing == null) {
        into.set(e.getKey(), e.getValue().deepCopy());
      }
    }
  }
}
