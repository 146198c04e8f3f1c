package dev.gitopsjava.core.diff;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Element matching for lists that merge by key. Lists are short (containers, ports, env), so a
 * linear scan beats building an index and allocates nothing.
 */
final class KeyedLists {
  private KeyedLists() {}

  /** True when every element is an object and no two share a key (else the list is treated whole). */
  static boolean mergeable(ArrayNode list, SchemaNode schema) {
    List<ListKey> keys = schema.listKeys();
    int n = list.size();
    for (int i = 0; i < n; i++) {
      JsonNode a = list.get(i);
      if (!a.isObject()) {
        return false;
      }
      for (int j = 0; j < i; j++) {
        if (sameKey(a, list.get(j), keys)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * True when both lists have the same keys at the same positions, the usual case (desired,
   * live and last-applied keep one order). Then either list is mergeable exactly when the other
   * is, and element {@code i} of one matches element {@code i} of the other: callers can pair
   * elements by index instead of searching (linear instead of quadratic).
   */
  static boolean sameOrder(ArrayNode a, ArrayNode b, SchemaNode schema) {
    int n = a.size();
    if (n != b.size()) {
      return false;
    }
    List<ListKey> keys = schema.listKeys();
    for (int i = 0; i < n; i++) {
      JsonNode x = a.get(i);
      JsonNode y = b.get(i);
      if (!x.isObject() || !y.isObject() || !sameKey(x, y, keys)) {
        return false;
      }
    }
    return true;
  }

  static boolean sameKey(JsonNode a, JsonNode b, List<ListKey> keys) {
    for (int k = 0, n = keys.size(); k < n; k++) {
      if (!keys.get(k).sameValue(a, b)) {
        return false;
      }
    }
    return true;
  }

  /** Index of the element of {@code list} (among the first {@code limit}) with {@code probe}'s key, or -1. */
  static int indexOf(ArrayNode list, JsonNode probe, SchemaNode schema, int limit) {
    List<ListKey> keys = schema.listKeys();
    for (int i = 0; i < limit; i++) {
      if (sameKey(list.get(i), probe, keys)) {
        return i;
      }
    }
    return -1;
  }

  static @Nullable JsonNode find(ArrayNode list, JsonNode probe, SchemaNode schema) {
    int i = indexOf(list, probe, schema, list.size());
    return i < 0 ? null : list.get(i);
  }
}
