package dev.gitopsjava.core.diff;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The allocation-free fast path: decides from the raw documents, in one walk, that the three-way
 * merge would leave live unchanged. It answers "in sync" only when every field desired sets
 * already has that value in live and nothing last-applied had but desired dropped is still in
 * live; then the merge is the identity and no normalisation or default can create a difference.
 * Anything it is unsure of (normalisation would change a value, a list it cannot match) is
 * answered "maybe not", and the full diff decides.
 */
final class InSyncCheck {
  private static final Set<String> SKIPPED_METADATA = Set.of(
      "namespace", "managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink");

  private InSyncCheck() {}

  static boolean inSync(JsonNode desired, JsonNode live, @Nullable JsonNode lastApplied, SchemaNode schema) {
    if (!(desired instanceof ObjectNode d) || !(live instanceof ObjectNode v)) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : d.properties()) {
      String k = e.getKey();
      JsonNode dv = e.getValue();
      if (k.equals("status") || absent(dv)) {
        continue;
      }
      JsonNode vv = v.get(k);
      if (vv == null || vv.isNull()) {
        return false;
      }
      if (k.equals("metadata")) {
        if (!metadataCovered(dv, vv, schema.field(k))) {
          return false;
        }
      } else if (!covers(dv, vv, schema.field(k))) {
        return false;
      }
    }
    return lastApplied == null || noDeletionHitsLive(lastApplied, d, v, schema, true);
  }

  private static boolean metadataCovered(JsonNode d, JsonNode v, SchemaNode schema) {
    if (!(d instanceof ObjectNode dm) || !v.isObject()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : dm.properties()) {
      String k = e.getKey();
      JsonNode dv = e.getValue();
      if (SKIPPED_METADATA.contains(k) || absent(dv) || emptyMap(k, dv)) {
        continue;
      }
      JsonNode vv = v.get(k);
      if (k.equals("annotations") && dv instanceof ObjectNode da) {
        for (Map.Entry<String, JsonNode> a : da.properties()) {
          if (a.getKey().equals(ResourceNormalizer.LAST_APPLIED) || a.getValue().isNull()) {
            continue;
          }
          JsonNode va = vv == null ? null : vv.get(a.getKey());
          if (va == null || !a.getValue().equals(va)) {
            return false;
          }
        }
        continue;
      }
      if (vv == null || vv.isNull() || !covers(dv, vv, schema.field(k))) {
        return false;
      }
    }
    return true;
  }

  /** Normalisation drops empty label and annotation maps from metadata. */
  private static boolean emptyMap(String metadataField, JsonNode n) {
    return n.isObject() && n.isEmpty() && (metadataField.equals("labels") || metadataField.equals("annotations"));
  }

  /** Null and empty lists are absent after normalisation. */
  private static boolean absent(JsonNode n) {
    return n.isNull() || n.isArray() && n.isEmpty();
  }

  /** True when every field {@code d} sets has the same value in {@code v}. */
  private static boolean covers(JsonNode d, JsonNode v, SchemaNode schema) {
    if (d instanceof ObjectNode dObj) {
      if (!(v instanceof ObjectNode vObj)) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : dObj.properties()) {
        JsonNode dv = e.getValue();
        if (absent(dv)) {
          continue;
        }
        JsonNode vv = vObj.get(e.getKey());
        if (vv == null || vv.isNull() || !covers(dv, vv, schema.field(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (d instanceof ArrayNode dArr) {
      if (!(v instanceof ArrayNode vArr)) {
        return false;
      }
      if (schema.keyed() && KeyedLists.mergeable(dArr, schema) && KeyedLists.mergeable(vArr, schema)) {
        SchemaNode element = schema.element();
        for (JsonNode de : dArr) {
          JsonNode ve = KeyedLists.find(vArr, de, schema);
          if (ve == null || !covers(de, ve, element)) {
            return false;
          }
        }
        return true;
      }
      return Trees.equal(dArr, vArr, schema);
    }
    if (v.isContainer()) {
      return false;
    }
    return Scalars.equal(d, v, schema);
  }

  /** True when no field last-applied has and desired dropped is present in live. */
  private static boolean noDeletionHitsLive(JsonNode l, JsonNode d, JsonNode v, SchemaNode schema, boolean top) {
    if (l instanceof ObjectNode lObj) {
      if (!(v instanceof ObjectNode vObj)) {
        return true;
      }
      for (Map.Entry<String, JsonNode> e : lObj.properties()) {
        String k = e.getKey();
        JsonNode lv = e.getValue();
        if (absent(lv) || top && k.equals("status")) {
          continue;
        }
        JsonNode vv = vObj.get(k);
        if (vv == null || absent(vv)) {
          continue;
        }
        JsonNode dv = d.isObject() ? d.get(k) : null;
        if (dv == null || absent(dv)) {
          return false;
        }
        if (top && k.equals("metadata")) {
          if (!metadataDeletions(lv, dv, vv, schema.field(k))) {
            return false;
          }
        } else if (!noDeletionHitsLive(lv, dv, vv, schema.field(k), false)) {
          return false;
        }
      }
      return true;
    }
    if (l instanceof ArrayNode lArr && d instanceof ArrayNode dArr && v instanceof ArrayNode vArr && schema.keyed()
        && KeyedLists.mergeable(lArr, schema) && KeyedLists.mergeable(dArr, schema)
        && KeyedLists.mergeable(vArr, schema)) {
      SchemaNode element = schema.element();
      for (JsonNode le : lArr) {
        JsonNode ve = KeyedLists.find(vArr, le, schema);
        if (ve == null) {
          continue;
        }
        JsonNode de = KeyedLists.find(dArr, le, schema);
        if (de == null || !noDeletionHitsLive(le, de, ve, element, false)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean metadataDeletions(JsonNode l, JsonNode d, JsonNode v, SchemaNode schema) {
    if (!(l instanceof ObjectNode lm) || !(v instanceof ObjectNode vm)) {
      return true;
    }
    for (Map.Entry<String, JsonNode> e : lm.properties()) {
      String k = e.getKey();
      JsonNode lv = e.getValue();
      // kubectl writes "annotations": {} into last-applied; normalisation drops empty maps here.
      if (SKIPPED_METADATA.contains(k) || absent(lv) || emptyMap(k, lv)) {
        continue;
      }
      JsonNode vv = vm.get(k);
      if (vv == null || absent(vv) || emptyMap(k, vv)) {
        continue;
      }
      JsonNode dv = d.get(k);
      if (dv == null || absent(dv) || emptyMap(k, dv)) {
        return false;
      }
      if (!noDeletionHitsLive(e.getValue(), dv, vv, schema.field(k), false)) {
        return false;
      }
    }
    return true;
  }
}
