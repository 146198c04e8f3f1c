package dev.gitopsjava.core.diff;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl apply}'s three-way merge, done on trees instead of through a patch: what desired
 * sets replaces live, what last-applied had and desired dropped is removed, what only live has is
 * kept. Lists the schema keys merge element by element; other lists are replaced whole.
 */
final class ThreeWayMerge {
  private ThreeWayMerge() {}

  /** Merges {@code desired} onto {@code target} (a private copy of live) in place. */
  static void merge(ObjectNode target, @Nullable JsonNode lastApplied, ObjectNode desired, SchemaNode schema) {
    mergeObject(target, lastApplied, desired, schema);
  }

  private static void mergeObject(ObjectNode target, @Nullable JsonNode last, ObjectNode desired, SchemaNode schema) {
    for (Map.Entry<String, JsonNode> e : desired.properties()) {
      String k = e.getKey();
      JsonNode d = e.getValue();
      JsonNode t = target.get(k);
      SchemaNode child = schema.field(k);
      JsonNode l = last == null ? null : last.get(k);
      if (t == null) {
        target.set(k, d.deepCopy());
      } else if (d instanceof ObjectNode dObj && t instanceof ObjectNode tObj) {
        mergeObject(tObj, l != null && l.isObject() ? l : null, dObj, child);
      } else if (d instanceof ArrayNode dArr && t instanceof ArrayNode tArr && child.keyed()
          && KeyedLists.mergeable(dArr, child) && KeyedLists.mergeable(tArr, child)) {
        mergeKeyedList(tArr, l instanceof ArrayNode lArr && KeyedLists.mergeable(lArr, child) ? lArr : null,
            dArr, child);
      } else if (!Trees.equal(t, d, child)) {
        target.set(k, d.deepCopy());
      }
    }
    if (last instanceof ObjectNode lastObj) {
      for (String k : lastObj.propertyNames()) {
        if (!desired.has(k)) {
          target.remove(k);
        }
      }
    }
  }

  private static void mergeKeyedList(ArrayNode target, @Nullable ArrayNode last, ArrayNode desired, SchemaNode list) {
    SchemaNode element = list.element();
    int liveCount = target.size();
    for (JsonNode d : desired) {
      int i = KeyedLists.indexOf(target, d, list, liveCount);
      if (i < 0) {
        target.add(d.deepCopy());
      } else {
        JsonNode l = last == null ? null : KeyedLists.find(last, d, list);
        mergeObject((ObjectNode) target.get(i), l, (ObjectNode) d, element);
      }
    }
    if (last != null) {
      for (JsonNode l : last) {
        if (KeyedLists.find(desired, l, list) == null) {
          int i = KeyedLists.indexOf(target, l, list, target.size());
          if (i >= 0) {
            target.remove(i);
          }
        }
      }
    }
  }
}
