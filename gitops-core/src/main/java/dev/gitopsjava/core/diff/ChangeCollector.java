package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Walks normalised live and predicted once, side by side, and records a {@link Change} only
 * where they differ. The current path is a stack of segments turned into a JSON pointer only
 * when a change is recorded.
 *
 * <p>Keyed lists are compared by key: changes inside matched elements use live's index, then
 * removed elements go from the highest index down, then new elements are appended, so the
 * changes applied in order (JSON Patch semantics) give the predicted object up to the order of
 * keyed lists. Other lists of equal length are compared element by element, else replaced whole.
 *
 * <p>{@link SinglePassDiff} drives the same path stack while it walks the raw documents and
 * hands the subtrees it had to normalise to {@link #compare} at its current position.
 */
final class ChangeCollector {
  private List<Change> changes = List.of(); // a list of its own once there is a change
  // A segment is a property name, or null with the list index in indexes[] (no String per element).
  private @Nullable String[] path = new String[12];
  private int[] indexes = new int[12];
  private int depth;

  static List<Change> collect(JsonNode live, JsonNode predicted, SchemaNode schema) {
    ChangeCollector c = new ChangeCollector();
    c.compare(live, predicted, schema);
    return c.changes;
  }

  private void note(Change change) {
    if (changes.isEmpty()) {
      changes = new ArrayList<>(4);
    }
    changes.add(change);
  }

  /** The changes recorded so far. */
  List<Change> changes() {
    return changes;
  }

  void push(String segment) {
    grow();
    path[depth++] = segment;
  }

  void push(int index) {
    grow();
    path[depth] = null;
    indexes[depth++] = index;
  }

  private void grow() {
    if (depth == path.length) {
      path = java.util.Arrays.copyOf(path, depth * 2);
      indexes = java.util.Arrays.copyOf(indexes, depth * 2);
    }
  }

  void pop() {
    depth--;
  }

  private String pointer() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append('/');
      String s = path[i];
      if (s == null) {
        sb.append(indexes[i]);
      } else if (s.indexOf('~') < 0 && s.indexOf('/') < 0) {
        sb.append(s);
      } else {
        sb.append(s.replace("~", "~0").replace("/", "~1"));
      }
    }
    return sb.toString();
  }

  /** Records that {@code value} is added at the current position. */
  void added(JsonNode value) {
    note(Change.add(pointer(), value));
  }

  /** Records that {@code value} is removed from the current position. */
  void removed(JsonNode value) {
    note(Change.remove(pointer(), value));
  }

  /** Compares two normalised trees at the current position. */
  void compare(JsonNode live, JsonNode predicted, SchemaNode schema) {
    if (live == predicted) {
      return;
    }
    if (live instanceof ObjectNode lo && predicted instanceof ObjectNode po) {
      compareObjects(lo, po, schema);
    } else if (live instanceof ArrayNode la && predicted instanceof ArrayNode pa) {
      compareArrays(la, pa, schema);
    } else if (live.isContainer() || predicted.isContainer() || !Scalars.equal(live, predicted, schema)) {
      note(Change.replace(pointer(), live, predicted));
    }
  }

  private void compareObjects(ObjectNode live, ObjectNode predicted, SchemaNode schema) {
    for (Map.Entry<String, JsonNode> e : live.properties()) {
      String k = e.getKey();
      JsonNode p = predicted.get(k);
      push(k);
      if (p == null) {
        note(Change.remove(pointer(), e.getValue()));
      } else {
        compare(e.getValue(), p, schema.field(k));
      }
      pop();
    }
    for (Map.Entry<String, JsonNode> e : predicted.properties()) {
      if (!live.has(e.getKey())) {
        push(e.getKey());
        note(Change.add(pointer(), e.getValue()));
        pop();
      }
    }
  }

  private void compareArrays(ArrayNode live, ArrayNode predicted, SchemaNode schema) {
    SchemaNode element = schema.element();
    if (schema.keyed() && KeyedLists.mergeable(live, schema) && KeyedLists.mergeable(predicted, schema)) {
      int n = live.size();
      for (int i = 0; i < n; i++) {
        JsonNode l = live.get(i);
        JsonNode p = KeyedLists.find(predicted, l, schema);
        if (p != null) {
          push(i);
          compare(l, p, element);
          pop();
        }
      }
      int remaining = n;
      for (int i = n - 1; i >= 0; i--) {
        JsonNode l = live.get(i);
        if (KeyedLists.find(predicted, l, schema) == null) {
          push(i);
          note(Change.remove(pointer(), l));
          pop();
          remaining--;
        }
      }
      for (JsonNode p : predicted) {
        if (KeyedLists.find(live, p, schema) == null) {
          push(remaining++);
          note(Change.add(pointer(), p));
          pop();
        }
      }
      return;
    }
    if (live.size() == predicted.size()) {
      for (int i = 0, n = live.size(); i < n; i++) {
        push(i);
        compare(live.get(i), predicted.get(i), element);
        pop();
      }
    } else {
      note(Change.replace(pointer(), live, predicted));
    }
  }
}
