package dev.gitopsjava.core.diff;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Semantic equality of two normalised trees under a schema: objects by key, keyed lists by key
 * regardless of order, other lists in order, leaves by {@link Scalars}. One pass, no allocation.
 */
final class Trees {
  private Trees() {}

  static boolean equal(JsonNode a, JsonNode b, SchemaNode schema) {
    if (a == b) {
      return true;
    }
    if (a instanceof ObjectNode ao) {
      if (!(b instanceof ObjectNode bo) || ao.size() != bo.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : ao.properties()) {
        JsonNode bv = bo.get(e.getKey());
        if (bv == null || !equal(e.getValue(), bv, schema.field(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ArrayNode aa) {
      if (!(b instanceof ArrayNode ba) || aa.size() != ba.size()) {
        return false;
      }
      SchemaNode element = schema.element();
      if (schema.keyed() && KeyedLists.mergeable(aa, schema) && KeyedLists.mergeable(ba, schema)) {
        for (JsonNode x : aa) {
          JsonNode y = KeyedLists.find(ba, x, schema);
          if (y == null || !equal(x, y, element)) {
            return false;
          }
        }
        return true;
      }
      for (int i = 0, n = aa.size(); i < n; i++) {
        if (!equal(aa.get(i), ba.get(i), element)) {
          return false;
        }
      }
      return true;
    }
    if (b.isContainer()) {
      return false;
    }
    return Scalars.equal(a, b, schema);
  }
}
