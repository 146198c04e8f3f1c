package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply, as far as a diff needs it: field ownership decides what desired's absence
 * means. Two uses:
 *
 * <ul>
 *   <li>{@link #apply}: predict a server-side apply locally: desired is merged onto live, and a
 *       field the engine's manager owned that desired no longer has, and no other manager owns,
 *       is removed;
 *   <li>{@link #revertForeignChanges}: given a server dry-run result, undo what mutating webhooks
 *       added (fields the manager does not own go back to their live value), never touching
 *       list-key fields or ancestors of owned fields (Argo CD's server-side diff).
 * </ul>
 */
final class ServerSideMerge {
  private static final JsonNode EMPTY_SET = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();

  private ServerSideMerge() {}

  /** Merges {@code desired} onto {@code target} (normalised live) by SSA ownership rules. */
  static void apply(ObjectNode target, ObjectNode desired, List<ManagedFields.Entry> entries, String manager,
      SchemaNode schema) {
    ThreeWayMerge.merge(target, null, desired, schema);
    List<FieldRemover.Location> removals = new ArrayList<>();
    for (ManagedFields.Entry e : entries) {
      if (!e.manager().equals(manager)) {
        continue;
      }
      for (List<ManagedFields.Element> path : ownedPaths(e.fields())) {
        if (ManagedFields.resolve(desired, path, schema) != null || ownedByOther(entries, manager, path)) {
          continue;
        }
        FieldRemover.Location at = ManagedFields.resolve(target, path, schema);
        if (at != null) {
          removals.add(at);
        }
      }
    }
    FieldRemover.Location.removeAll(dedupe(removals));
  }

  private static List<FieldRemover.Location> dedupe(List<FieldRemover.Location> in) {
    List<FieldRemover.Location> out = new ArrayList<>();
    for (FieldRemover.Location l : in) {
      boolean seen = false;
      for (FieldRemover.Location o : out) {
        if (o.parent() == l.parent() && o.index() == l.index() && o.field().equals(l.field())) {
          seen = true;
        }
      }
      if (!seen) {
        out.add(l);
      }
    }
    return out;
  }

  /** Paths a field set owns: leaves, and list elements marked {@code .} (owned as a whole). */
  static List<List<ManagedFields.Element>> ownedPaths(JsonNode set) {
    List<List<ManagedFields.Element>> out = new ArrayList<>();
    collect(set, new ArrayList<>(), out);
    return out;
  }

  private static void collect(JsonNode set, List<ManagedFields.Element> prefix, List<List<ManagedFields.Element>> out) {
    for (Map.Entry<String, JsonNode> e : set.properties()) {
      if (e.getKey().equals(".")) {
        continue;
      }
      ManagedFields.Element el = ManagedFields.parse(e.getKey());
      if (el == null) {
        continue;
      }
      List<ManagedFields.Element> path = new ArrayList<>(prefix);
      path.add(el);
      JsonNode child = e.getValue();
      boolean element = !(el instanceof ManagedFields.FieldElement);
      if (!child.isObject() || child.isEmpty() || element && child.has(".")) {
        out.add(List.copyOf(path));
      }
      if (child.isObject() && !child.isEmpty()) {
        collect(child, path, out);
      }
    }
  }

  private static boolean ownedByOther(List<ManagedFields.Entry> entries, String manager, List<ManagedFields.Element> path) {
    for (ManagedFields.Entry e : entries) {
      if (!e.manager().equals(manager) && contains(e.fields(), path)) {
        return true;
      }
    }
    return false;
  }

  /** True when the set has {@code path} or an element on the way to it marked as owned whole. */
  private static boolean contains(JsonNode set, List<ManagedFields.Element> path) {
    JsonNode node = set;
    for (ManagedFields.Element want : path) {
      JsonNode next = null;
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (want.equals(ManagedFields.parse(e.getKey()))) {
          next = e.getValue();
          break;
        }
      }
      if (next == null) {
        return false;
      }
      node = next;
    }
    return true;
  }

  /**
   * Reverts, in the dry-run result {@code predicted}, every field {@code manager} does not own
   * to its value in {@code live} (removing it when live lacks it). Removals are kept.
   */
  static void revertForeignChanges(ObjectNode predicted, JsonNode live, JsonNode ownedSet, SchemaNode schema) {
    revertObject(predicted, live, ownedSet, schema, List.of());
  }

  private static void revertObject(ObjectNode p, @Nullable JsonNode l, JsonNode owned, SchemaNode schema,
      List<ListKey> keyFields) {
    List<String> names = new ArrayList<>(p.propertyNames());
    for (String k : names) {
      JsonNode sub = owned.get("f:" + k);
      boolean keyField = false;
      for (ListKey lk : keyFields) {
        keyField |= lk.field().equals(k);
      }
      if (keyField) {
        continue;
      }
      JsonNode lv = l == null ? null : l.get(k);
      if (sub == null) {
        // Not owned: a webhook's addition goes, a webhook's change reverts; a removal stays
        // removed (a removal is never a webhook mutation).
        JsonNode pv = p.get(k);
        if (lv == null) {
          p.remove(k);
        } else if (pv instanceof ObjectNode po && lv.isObject()) {
          revertObject(po, lv, EMPTY_SET, schema.field(k), List.of());
        } else {
          p.set(k, lv.deepCopy());
        }
      } else if (sub.isObject() && !sub.isEmpty() && !(sub.size() == 1 && sub.has("."))) {
        JsonNode pv = p.get(k);
        SchemaNode child = schema.field(k);
        if (pv instanceof ObjectNode po) {
          revertObject(po, lv, sub, child, List.of());
        } else if (pv instanceof ArrayNode pa) {
          revertArray(pa, lv instanceof ArrayNode la ? la : null, sub, child);
        }
      }
    }
  }

  private static void revertArray(ArrayNode p, @Nullable ArrayNode l, JsonNode owned, SchemaNode list) {
    if (!list.keyed()) {
      return; // owned as a whole (atomic)
    }
    SchemaNode element = list.element();
    for (int i = p.size() - 1; i >= 0; i--) {
      JsonNode e = p.get(i);
      JsonNode sub = null;
      for (Map.Entry<String, JsonNode> o : owned.properties()) {
        if (ManagedFields.parse(o.getKey()) instanceof ManagedFields.KeyElement k
            && ManagedFields.keyMatches(e, k.key(), list)) {
          sub = o.getValue();
          break;
        }
      }
      JsonNode liveElement = l == null ? null : KeyedLists.find(l, e, list);
      if (sub == null) {
        if (liveElement == null) {
          p.remove(i);
        } else {
          p.set(i, liveElement.deepCopy());
        }
      } else if (e instanceof ObjectNode eo) {
        revertObject(eo, liveElement, sub, element, list.listKeys());
      }
    }
  }
}
