package dev.gitopsjava.core.diff;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The changed path in one walk. Desired, live and last-applied are visited together, as they
 * are, and the changes the full path would report (normalise copies of all three, merge desired
 * onto live by the three-way rule, fill scheme defaults into both, compare) are recorded
 * directly, in the same order and with the same values. Nothing is copied except the values a
 * change reports, which are normalised (and defaulted) one subtree at a time.
 *
 * <p>The walk follows the full path position by position: a field both sides have is merged
 * (objects and keyed lists field by field, anything else replaced whole when it differs); a
 * field only live has is removed when last-applied had it and desired dropped it, else kept; a
 * field only desired has is added. "Has" means after normalisation: nulls, empty lists of typed
 * kinds, status, server metadata, namespace, the last-applied annotation and empty label or
 * annotation maps count as absent. Values compare as {@link Trees} compares normalised ones
 * (quantities, numbers and int-or-string by meaning), and a scheme default fills a field both
 * sides lack or one the merge removes, as {@link SchemeDefaults} does.
 *
 * <p>It does not model ignore rules, normalisers, masking, Secret {@code stringData} folding or
 * the Endpoints, aggregated-role and StatefulSet claim-template normalisations:
 * {@link ThreeWayDiffer} takes the full path for those (see {@link #handles}).
 */
final class SinglePassDiff {
  private enum Level { ROOT, METADATA, ANNOTATIONS, OTHER }

  private final ChangeCollector out = new ChangeCollector();
  private final boolean knownKind;

  private SinglePassDiff(boolean knownKind) {
    this.knownKind = knownKind;
  }

  /**
   * True when the walk gives the full path's answer for this pair: live has a metadata object
   * and the kind has no normalisation of its own beyond the generic one.
   */
  static boolean handles(String group, String kind, boolean ignoreAggregatedRoles, JsonNode live) {
    if (!(live.get("metadata") instanceof ObjectNode)) {
      return false;
    }
    return switch (kind) {
      case "Secret", "Endpoints" -> !group.isEmpty();
      case "StatefulSet" -> false;
      case "Role", "ClusterRole" -> !(ignoreAggregatedRoles && group.equals("rbac.authorization.k8s.io"));
      default -> true;
    };
  }

  /**
   * The changes that turn normalised live into predicted live, as {@link ChangeCollector} finds
   * them on the full path's documents.
   *
   * @param lastApplied the last-applied document, or null for the two-way diff
   */
  static List<Change> changes(ObjectNode desired, ObjectNode live, @Nullable ObjectNode lastApplied, SchemaNode schema,
      boolean knownKind) {
    SinglePassDiff walk = new SinglePassDiff(knownKind);
    walk.object(live, desired, lastApplied, schema, Level.ROOT);
    return walk.out.changes();
  }

  private void object(ObjectNode v, ObjectNode d, @Nullable ObjectNode l, SchemaNode schema, Level level) {
    // Live's fields, in live's order: merged, removed or kept.
    int matched = 0;
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      String k = e.getKey();
      JsonNode vk = e.getValue();
      if (absent(level, k, vk)) {
        continue;
      }
      JsonNode dk = d.get(k);
      if (dk != null && !absent(level, k, dk)) {
        matched++;
        out.push(k);
        value(vk, dk, l == null ? null : l.get(k), schema.field(k), childLevel(level, k));
        out.pop();
      } else if (l != null && applied(l.get(k), level, k)) {
        // Desired dropped a field it had applied: the merge removes it; a scheme default refills it.
        SchemaNode child = schema.field(k);
        JsonNode refill = refill(schema, k);
        out.push(k);
        if (refill == null) {
          out.removed(materialize(vk, child, childLevel(level, k)));
        } else {
          out.compare(materialize(vk, child, childLevel(level, k)), refill, child);
        }
        out.pop();
      }
    }
    if (matched == d.size()) {
      return; // every field of desired was in live: nothing to add, no default to fill in live
    }
    // Scheme defaults filled into live where it lacks a field desired sets (appended in that order).
    boolean defaults = schema.hasDefaultsBelow();
    if (defaults) {
      for (Map.Entry<String, SchemaNode> e : schema.namedFields().entrySet()) {
        String k = e.getKey();
        JsonNode vk = v.get(k);
        JsonNode dk = d.get(k);
        if (vk != null && !absent(level, k, vk) || dk == null || absent(level, k, dk)) {
          continue;
        }
        JsonNode filled = fill(e.getValue());
        if (filled != null) {
          out.push(k);
          out.compare(filled, materialize(dk, e.getValue(), childLevel(level, k)), e.getValue());
          out.pop();
        }
      }
    }
    // Desired's new fields, in desired's order.
    for (Map.Entry<String, JsonNode> e : d.properties()) {
      String k = e.getKey();
      JsonNode dk = e.getValue();
      if (absent(level, k, dk)) {
        continue;
      }
      JsonNode vk = v.get(k);
      if (vk != null && !absent(level, k, vk) || defaults && fills(schema.namedFields().get(k))) {
        continue;
      }
      out.push(k);
      out.added(materialize(dk, schema.field(k), childLevel(level, k)));
      out.pop();
    }
  }

  /** A field both live and desired have. */
  private void value(JsonNode vk, JsonNode dk, @Nullable JsonNode lk, SchemaNode schema, Level level) {
    if (vk instanceof ObjectNode vo && dk instanceof ObjectNode dobj) {
      object(vo, dobj, lk instanceof ObjectNode lo ? lo : null, schema, level);
    } else if (vk instanceof ArrayNode va && dk instanceof ArrayNode da && schema.keyed()
        && KeyedLists.mergeable(da, schema) && (KeyedLists.sameOrder(va, da, schema) || KeyedLists.mergeable(va, schema))) {
      ArrayNode la = lk instanceof ArrayNode a && (KeyedLists.sameOrder(a, da, schema) || KeyedLists.mergeable(a, schema))
          ? a : null;
      keyedList(va, da, la, schema);
    } else if (level == Level.OTHER && !schema.hasDefaultsBelow()) {
      // Replaced whole: what was there against desired's value, field by field.
      replaced(vk, dk, schema);
    } else if (!Trees.equalNormalized(vk, dk, schema, knownKind)) {
      // Replaced whole, with defaults to fill in: compare the two as the full path has them.
      out.compare(materialize(vk, schema, level), materialize(dk, schema, level), schema);
    }
  }

  /**
   * A value desired replaces whole (a list without merge keys, a changed leaf): the full path
   * compares live's value with desired's two-way, as {@link ChangeCollector#compare} does. Here
   * the raw values are walked instead, with normalisation's absent fields skipped, and only what a
   * change reports is normalised. No scheme default lies below (the caller checks).
   */
  private void replaced(JsonNode v, JsonNode d, SchemaNode schema) {
    if (v instanceof ObjectNode vo && d instanceof ObjectNode dobj) {
      int matched = 0;
      for (Map.Entry<String, JsonNode> e : vo.properties()) {
        String k = e.getKey();
        if (absent(Level.OTHER, k, e.getValue())) {
          continue;
        }
        JsonNode dk = dobj.get(k);
        out.push(k);
        if (dk == null || absent(Level.OTHER, k, dk)) {
          out.removed(materialize(e.getValue(), schema.field(k), Level.OTHER));
        } else {
          matched++;
          replaced(e.getValue(), dk, schema.field(k));
        }
        out.pop();
      }
      if (matched == dobj.size()) {
        return; // desired has no field live lacks
      }
      for (Map.Entry<String, JsonNode> e : dobj.properties()) {
        String k = e.getKey();
        JsonNode vk = vo.get(k);
        if (!absent(Level.OTHER, k, e.getValue()) && (vk == null || absent(Level.OTHER, k, vk))) {
          out.push(k);
          out.added(materialize(e.getValue(), schema.field(k), Level.OTHER));
          out.pop();
        }
      }
    } else if (v instanceof ArrayNode va && d instanceof ArrayNode da) {
      SchemaNode element = schema.element();
      if (schema.keyed() && KeyedLists.mergeable(va, schema) && KeyedLists.mergeable(da, schema)) {
        replacedKeyedList(va, da, schema);
      } else if (va.size() == da.size()) {
        for (int i = 0, n = va.size(); i < n; i++) {
          out.push(i);
          replaced(va.get(i), da.get(i), element);
          out.pop();
        }
      } else {
        out.compare(materialize(va, schema, Level.OTHER), materialize(da, schema, Level.OTHER), schema);
      }
    } else if (v.isContainer() || d.isContainer() || !Scalars.equal(v, d, schema)) {
      out.compare(materialize(v, schema, Level.OTHER), materialize(d, schema, Level.OTHER), schema);
    }
  }

  /** Desired's elements live lacks, appended after live's {@code remaining} elements, in desired's order. */
  private void appendAdded(ArrayNode v, ArrayNode d, SchemaNode list, int remaining) {
    int index = remaining;
    for (JsonNode de : d) {
      if (KeyedLists.find(v, de, list) == null) {
        out.push(index++);
        out.added(materialize(de, list.element(), Level.OTHER));
        out.pop();
      }
    }
  }

  /** {@link ChangeCollector}'s keyed comparison, on raw lists. */
  private void replacedKeyedList(ArrayNode v, ArrayNode d, SchemaNode list) {
    SchemaNode element = list.element();
    int n = v.size();
    for (int i = 0; i < n; i++) {
      JsonNode de = KeyedLists.find(d, v.get(i), list);
      if (de != null) {
        out.push(i);
        replaced(v.get(i), de, element);
        out.pop();
      }
    }
    int remaining = n;
    for (int i = n - 1; i >= 0; i--) {
      if (KeyedLists.find(d, v.get(i), list) == null) {
        out.push(i);
        out.removed(materialize(v.get(i), element, Level.OTHER));
        out.pop();
        remaining--;
      }
    }
    appendAdded(v, d, list, remaining);
  }

  private void keyedList(ArrayNode v, ArrayNode d, @Nullable ArrayNode l, SchemaNode list) {
    SchemaNode element = list.element();
    int n = v.size();
    if (KeyedLists.sameOrder(v, d, list) && (l == null || KeyedLists.sameOrder(l, d, list))) {
      // One order everywhere: element i matches element i, nothing is removed or added.
      for (int i = 0; i < n; i++) {
        out.push(i);
        object((ObjectNode) v.get(i), (ObjectNode) d.get(i), l == null ? null : (ObjectNode) l.get(i), element, Level.OTHER);
        out.pop();
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      JsonNode ve = v.get(i);
      JsonNode de = KeyedLists.find(d, ve, list);
      if (de != null) {
        JsonNode le = l == null ? null : KeyedLists.find(l, de, list);
        out.push(i);
        object((ObjectNode) ve, (ObjectNode) de, le instanceof ObjectNode lo ? lo : null, element, Level.OTHER);
        out.pop();
      }
    }
    int remaining = n;
    if (l != null) {
      for (int i = n - 1; i >= 0; i--) {
        JsonNode ve = v.get(i);
        if (KeyedLists.find(d, ve, list) == null && KeyedLists.find(l, ve, list) != null) {
          out.push(i);
          out.removed(materialize(ve, element, Level.OTHER));
          out.pop();
          remaining--;
        }
      }
    }
    appendAdded(v, d, list, remaining);
  }

  /**
   * True when the field is not in the normalised document: null, an empty list of a typed kind,
   * or one of the fields normalisation drops at this level.
   */
  private boolean absent(Level level, String k, JsonNode value) {
    // Type tests rather than isNull()/isArray(): those dispatch on the node type, and this runs per field.
    if (value instanceof NullNode || knownKind && value instanceof ArrayNode a && a.isEmpty()) {
      return true;
    }
    return switch (level) {
      case ROOT -> k.equals("status");
      case METADATA -> InSyncCheck.skippedMetadata(k)
          || (k.equals("annotations") || k.equals("labels")) && value instanceof ObjectNode map
              && !hasEntries(map, k.equals("annotations"));
      case ANNOTATIONS -> k.equals(ResourceNormalizer.LAST_APPLIED);
      case OTHER -> false;
    };
  }

  /** True when last-applied had the field (null when there is no such field). */
  private boolean applied(@Nullable JsonNode lk, Level level, String k) {
    return lk != null && !absent(level, k, lk);
  }

  private boolean hasEntries(ObjectNode map, boolean annotations) {
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!absent(annotations ? Level.ANNOTATIONS : Level.OTHER, e.getKey(), e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static Level childLevel(Level level, String k) {
    if (level == Level.ROOT && k.equals("metadata")) {
      return Level.METADATA;
    }
    return level == Level.METADATA && k.equals("annotations") ? Level.ANNOTATIONS : Level.OTHER;
  }

  /** A value as the full path's documents hold it: normalised and with scheme defaults filled in. */
  private JsonNode materialize(JsonNode raw, SchemaNode schema, Level level) {
    JsonNode value = ResourceNormalizer.cleanCopy(raw, schema, knownKind);
    if (level == Level.ANNOTATIONS && value instanceof ObjectNode annotations) {
      annotations.remove(ResourceNormalizer.LAST_APPLIED);
    }
    SchemeDefaults.apply(value, schema);
    return value;
  }

  /** What scheme defaulting puts at named field {@code k} of an object that lacks it, or null. */
  private static @Nullable JsonNode refill(SchemaNode parent, String k) {
    SchemaNode named = parent.hasDefaultsBelow() ? parent.namedFields().get(k) : null;
    return named == null ? null : fill(named);
  }

  /** True when scheme defaulting creates {@code field} where it is missing. */
  private static boolean fills(@Nullable SchemaNode field) {
    return field != null && (field.defaultValue() != null || field.hasNamedDefaultsBelow());
  }

  private static @Nullable JsonNode fill(SchemaNode field) {
    JsonNode value = field.defaultValue();
    if (value != null) {
      return value.deepCopy();
    }
    if (field.hasNamedDefaultsBelow()) {
      ObjectNode created = JsonNodeFactory.instance.objectNode();
      SchemeDefaults.apply(created, field);
      return created;
    }
    return null;
  }
}
