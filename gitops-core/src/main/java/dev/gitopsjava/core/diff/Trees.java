package dev.gitopsjava.core.diff;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Semantic equality of two normalised trees under a schema: objects by key, keyed lists by key
 * regardless of order, other lists in order, leaves by {@link Scalars}. One pass, no allocation.
 */
final class Trees {
  /** Which object entries count as missing. */
  private enum Absent {
    NOTHING, NULLS, NULLS_AND_EMPTY_LISTS;

    boolean test(JsonNode n) {
      return this != NOTHING && (n instanceof NullNode || this == NULLS_AND_EMPTY_LISTS && n instanceof ArrayNode a && a.isEmpty());
    }
  }

  private Trees() {}

  static boolean equal(JsonNode a, JsonNode b, SchemaNode schema) {
    return equal(a, b, schema, Absent.NOTHING);
  }

  /**
   * {@link #equal} of two raw values as normalisation would leave them: object entries it drops
   * (nulls, and for typed kinds empty lists) do not count, and leaves compare by meaning already.
   */
  static boolean equalNormalized(JsonNode a, JsonNode b, SchemaNode schema, boolean knownKind) {
    return equal(a, b, schema, knownKind ? Absent.NULLS_AND_EMPTY_LISTS : Absent.NULLS);
  }

  private static boolean equal(JsonNode a, JsonNode b, SchemaNode schema, Absent absent) {
    if (a == b) {
      return true;
    }
    if (a instanceof ObjectNode ao) {
      if (!(b instanceof ObjectNode bo) || absent == Absent.NOTHING && ao.size() != bo.size()) {
        return false;
      }
      int count = 0;
      for (Map.Entry<String, JsonNode> e : ao.properties()) {
        if (absent.test(e.getValue())) {
          continue;
        }
        count++;
        JsonNode bv = bo.get(e.getKey());
        if (bv == null || absent.test(bv) || !equal(e.getValue(), bv, schema.field(e.getKey()), absent)) {
          return false;
        }
      }
      if (absent != Absent.NOTHING) {
        for (JsonNode bv : bo.values()) {
          if (!absent.test(bv)) {
            count--;
          }
        }
      }
      return absent == Absent.NOTHING || count == 0;
    }
    if (a instanceof ArrayNode aa) {
      if (!(b instanceof ArrayNode ba) || aa.size() != ba.size()) {
        return false;
      }
      SchemaNode element = schema.element();
      if (schema.keyed() && KeyedLists.mergeable(aa, schema)
          && (KeyedLists.sameOrder(aa, ba, schema) || KeyedLists.mergeable(ba, schema))) {
        if (KeyedLists.sameOrder(aa, ba, schema)) {
          for (int i = 0, n = aa.size(); i < n; i++) {
            if (!equal(aa.get(i), ba.get(i), element, absent)) {
              return false;
            }
          }
          return true;
        }
        for (JsonNode x : aa) {
          JsonNode y = KeyedLists.find(ba, x, schema);
          if (y == null || !equal(x, y, element, absent)) {
            return false;
          }
        }
        return true;
      }
      for (int i = 0, n = aa.size(); i < n; i++) {
        if (!equal(aa.get(i), ba.get(i), element, absent)) {
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
