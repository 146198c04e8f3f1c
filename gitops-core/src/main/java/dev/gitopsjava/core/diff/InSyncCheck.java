package dev.gitopsjava.core.diff;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The allocation-free fast path: decides from the raw documents, in one walk of desired (with
 * last-applied and live looked up alongside), that the three-way merge would leave live
 * unchanged. It answers "in sync" only when every field desired sets already has that value in
 * live and nothing last-applied had but desired dropped is still in live; then the merge is the
 * identity and no normalisation or default can create a difference. Anything it is unsure of
 * (normalisation would change a value, a list it cannot match) is answered "maybe not", and the
 * full diff decides.
 */
final class InSyncCheck {
  /**
   * Metadata fields the comparison never looks at (server-set, or the namespace kubectl leaves
   * out). A switch rather than a set: it runs for every metadata field of every diff.
   */
  static boolean skippedMetadata(String field) {
    return switch (field) {
      case "namespace", "managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink" -> true;
      default -> false;
    };
  }

  /** For kinds the schema table knows: their typed round trip drops empty lists. */
  static final InSyncCheck KNOWN_KIND = new InSyncCheck(true);
  /** For other kinds (custom resources): an empty list is a value, as in a JSON merge patch. */
  static final InSyncCheck UNKNOWN_KIND = new InSyncCheck(false);

  private final boolean emptyListsAbsent;

  private InSyncCheck(boolean emptyListsAbsent) {
    this.emptyListsAbsent = emptyListsAbsent;
  }

  static InSyncCheck forKind(boolean known) {
    return known ? KNOWN_KIND : UNKNOWN_KIND;
  }

  boolean inSync(JsonNode desired, JsonNode live, @Nullable JsonNode lastApplied, SchemaNode schema) {
    if (!(desired instanceof ObjectNode d) || !(live instanceof ObjectNode v)) {
      return false;
    }
    ObjectNode l = lastApplied instanceof ObjectNode lo ? lo : null;
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
      JsonNode lv = l == null ? null : l.get(k);
      boolean ok = k.equals("metadata") ? metadataCovered(dv, vv, lv, schema.field(k)) : covers(dv, vv, lv, schema.field(k));
      if (!ok) {
        return false;
      }
    }
    if (l != null) {
      for (Map.Entry<String, JsonNode> e : l.properties()) {
        if (!e.getKey().equals("status") && deletionHitsLive(e.getKey(), e.getValue(), d, v)) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean metadataCovered(JsonNode d, JsonNode v, @Nullable JsonNode l, SchemaNode schema) {
    if (!(d instanceof ObjectNode dm) || !(v instanceof ObjectNode vm)) {
      return false;
    }
    ObjectNode lm = l instanceof ObjectNode o ? o : null;
    for (Map.Entry<String, JsonNode> e : dm.properties()) {
      String k = e.getKey();
      JsonNode dv = e.getValue();
      if (skippedMetadata(k) || absent(dv) || emptyMap(k, dv)) {
        continue;
      }
      JsonNode vv = vm.get(k);
      if (vv == null || vv.isNull()) {
        return false;
      }
      if (k.equals("annotations")) {
        if (!annotationsCovered(dv, vv, lm == null ? null : lm.get(k))) {
          return false;
        }
      } else if (!covers(dv, vv, lm == null ? null : lm.get(k), schema.field(k))) {
        return false;
      }
    }
    if (lm != null) {
      for (Map.Entry<String, JsonNode> e : lm.properties()) {
        String k = e.getKey();
        JsonNode lv = e.getValue();
        // kubectl writes "annotations": {} into last-applied; normalisation drops empty maps here.
        if (skippedMetadata(k) || absent(lv) || emptyMap(k, lv)) {
          continue;
        }
        JsonNode dv = dm.get(k);
        if (dv == null || absent(dv) || emptyMap(k, dv)) {
          JsonNode vv = vm.get(k);
          if (vv != null && !absent(vv) && !emptyMap(k, vv)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private boolean annotationsCovered(JsonNode d, JsonNode v, @Nullable JsonNode l) {
    if (!(d instanceof ObjectNode da) || !(v instanceof ObjectNode va)) {
      return false;
    }
    for (Map.Entry<String, JsonNode> a : da.properties()) {
      if (a.getKey().equals(ResourceNormalizer.LAST_APPLIED) || a.getValue().isNull()) {
        continue;
      }
      JsonNode vv = va.get(a.getKey());
      if (vv == null || !a.getValue().equals(vv)) {
        return false;
      }
    }
    if (l instanceof ObjectNode la) {
      for (Map.Entry<String, JsonNode> e : la.properties()) {
        if (!e.getKey().equals(ResourceNormalizer.LAST_APPLIED) && deletionHitsLive(e.getKey(), e.getValue(), da, va)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Normalisation drops label and annotation maps from metadata that are empty once their
   * nulls (and the last-applied annotation) are gone.
   */
  private boolean emptyMap(String metadataField, @Nullable JsonNode n) {
    boolean annotations = metadataField.equals("annotations");
    if (!(n instanceof ObjectNode map) || !annotations && !metadataField.equals("labels")) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : map.properties()) {
      if (!absent(e.getValue()) && !(annotations && e.getKey().equals(ResourceNormalizer.LAST_APPLIED))) {
        return false;
      }
    }
    return true;
  }

  /** Null, and for known kinds empty lists, are absent after normalisation. */
  private boolean absent(JsonNode n) {
    return n instanceof NullNode || emptyListsAbsent && n instanceof ArrayNode a && a.isEmpty();
  }

  /** True when last-applied's field {@code k} is gone from desired but still set in live. */
  private boolean deletionHitsLive(String k, JsonNode lv, ObjectNode d, ObjectNode v) {
    if (absent(lv)) {
      return false;
    }
    JsonNode dv = d.get(k);
    if (dv != null && !absent(dv)) {
      return false;
    }
    JsonNode vv = v.get(k);
    return vv != null && !absent(vv);
  }

  /**
   * True when every field {@code d} sets has the same value in {@code v}, and no field
   * {@code l} has below {@code d} is dropped by {@code d} while {@code v} still has it.
   */
  private boolean covers(JsonNode d, JsonNode v, @Nullable JsonNode l, SchemaNode schema) {
    if (d instanceof ObjectNode dObj) {
      if (!(v instanceof ObjectNode vObj)) {
        return false;
      }
      ObjectNode lObj = l instanceof ObjectNode o ? o : null;
      for (Map.Entry<String, JsonNode> e : dObj.properties()) {
        JsonNode dv = e.getValue();
        if (absent(dv)) {
          continue;
        }
        String k = e.getKey();
        JsonNode vv = vObj.get(k);
        if (vv == null || vv.isNull() || !covers(dv, vv, lObj == null ? null : lObj.get(k), schema.field(k))) {
          return false;
        }
      }
      if (lObj != null) {
        for (Map.Entry<String, JsonNode> e : lObj.properties()) {
          if (deletionHitsLive(e.getKey(), e.getValue(), dObj, vObj)) {
            return false;
          }
        }
      }
      return true;
    }
    if (d instanceof ArrayNode dArr) {
      if (!(v instanceof ArrayNode vArr)) {
        return false;
      }
      if (schema.keyed() && KeyedLists.mergeable(dArr, schema)) {
        SchemaNode element = schema.element();
        if (KeyedLists.sameOrder(dArr, vArr, schema)) {
          // One order (the usual case): pair by index.
          ArrayNode lArr = l instanceof ArrayNode a && KeyedLists.sameOrder(a, dArr, schema) ? a : null;
          if (lArr != null || !(l instanceof ArrayNode)) {
            for (int i = 0, n = dArr.size(); i < n; i++) {
              if (!covers(dArr.get(i), vArr.get(i), lArr == null ? null : lArr.get(i), element)) {
                return false;
              }
            }
            return true;
          }
        }
        if (!KeyedLists.mergeable(vArr, schema)) {
          return Trees.equal(dArr, vArr, schema);
        }
        ArrayNode lArr = l instanceof ArrayNode a && KeyedLists.mergeable(a, schema) ? a : null;
        for (JsonNode de : dArr) {
          JsonNode ve = KeyedLists.find(vArr, de, schema);
          if (ve == null || !covers(de, ve, lArr == null ? null : KeyedLists.find(lArr, de, schema), element)) {
            return false;
          }
        }
        if (lArr != null) {
          for (JsonNode le : lArr) {
            if (KeyedLists.find(dArr, le, schema) == null && KeyedLists.find(vArr, le, schema) != null) {
              return false;
            }
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

  /**
   * True when desired keeps every field last-applied has (so the three-way merge deletes
   * nothing, whatever live holds). Independent of live, so callers can remember the answer for a
   * (desired, last-applied) pair and skip last-applied on later checks.
   */
  boolean dropsNothing(JsonNode lastApplied, JsonNode desired, SchemaNode schema) {
    if (!(lastApplied instanceof ObjectNode l) || !(desired instanceof ObjectNode d)) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : l.properties()) {
      String k = e.getKey();
      JsonNode lv = e.getValue();
      if (k.equals("status") || absent(lv)) {
        continue;
      }
      JsonNode dv = d.get(k);
      if (dv == null || absent(dv)) {
        return false;
      }
      if (k.equals("metadata")) {
        if (!(lv instanceof ObjectNode lm) || !(dv instanceof ObjectNode dm)) {
          return false;
        }
        for (Map.Entry<String, JsonNode> m : lm.properties()) {
          String mk = m.getKey();
          if (skippedMetadata(mk) || absent(m.getValue()) || emptyMap(mk, m.getValue())) {
            continue;
          }
          JsonNode dmv = dm.get(mk);
          if (dmv == null || absent(dmv) || emptyMap(mk, dmv) || !keeps(m.getValue(), dmv, schema.field(k).field(mk))) {
            return false;
          }
        }
      } else if (!keeps(lv, dv, schema.field(k))) {
        return false;
      }
    }
    return true;
  }

  private boolean keeps(JsonNode l, JsonNode d, SchemaNode schema) {
    if (l instanceof ObjectNode lObj && d instanceof ObjectNode dObj) {
      for (Map.Entry<String, JsonNode> e : lObj.properties()) {
        if (absent(e.getValue()) || e.getKey().equals(ResourceNormalizer.LAST_APPLIED)) {
          continue;
        }
        JsonNode dv = dObj.get(e.getKey());
        if (dv == null || absent(dv) || !keeps(e.getValue(), dv, schema.field(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (l instanceof ArrayNode lArr && d instanceof ArrayNode dArr && schema.keyed()) {
      if (!KeyedLists.mergeable(lArr, schema) || !KeyedLists.mergeable(dArr, schema)) {
        return true; // merged whole: desired replaces the list
      }
      SchemaNode element = schema.element();
      for (JsonNode le : lArr) {
        JsonNode de = KeyedLists.find(dArr, le, schema);
        if (de == null || !keeps(le, de, element)) {
          return false;
        }
      }
    }
    return true;
  }
}
