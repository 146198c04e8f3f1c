package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces Secret values with runs of {@code +}, as Argo CD's {@code HideSecretData} does: per
 * key, the first distinct value seen gets 8 {@code +}, the next 12, and so on, so a reader still
 * sees whether a value changed without seeing it. Covers {@code data}, {@code stringData}, the
 * data inside a last-applied annotation (an annotation that cannot be parsed is replaced whole:
 * fail closed) and any annotations named to be hidden.
 */
final class SecretMasker {
  static final String LAST_APPLIED = ResourceNormalizer.LAST_APPLIED;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> DATA_FIELDS = List.of("data", "stringData");

  private SecretMasker() {}

  /** The mask for the {@code n}-th distinct value (0-based). */
  static String mask(int n) {
    return "+".repeat(8 + 4 * n);
  }

  /** Masks the documents in place; they are visited in order, then their last-applied data. */
  static void mask(List<? extends @Nullable ObjectNode> docs, Set<String> hideAnnotations) {
    List<ObjectNode> lastApplied = new ArrayList<>();
    List<ObjectNode> present = new ArrayList<>();
    for (ObjectNode doc : docs) {
      if (doc == null) {
        continue;
      }
      present.add(doc);
      JsonNode la = doc.path("metadata").path("annotations").get(LAST_APPLIED);
      if (la != null && la.isString()) {
        try {
          JsonNode parsed = JSON.readTree(la.stringValue());
          if (parsed instanceof ObjectNode o) {
            lastApplied.add(o);
          } else {
            failClosed(doc);
          }
        } catch (JacksonException e) {
          failClosed(doc);
        }
      }
    }
    Map<String, List<String>> seen = new HashMap<>();
    List<ObjectNode> all = new ArrayList<>(present);
    all.addAll(lastApplied);
    for (ObjectNode doc : all) {
      for (String field : DATA_FIELDS) {
        if (doc.get(field) instanceof ObjectNode data) {
          for (Map.Entry<String, JsonNode> e : data.properties()) {
            e.setValue(doc.stringNode(maskFor(seen, field + "\u0000" + e.getKey(), e.getValue())));
          }
        }
      }
      if (!hideAnnotations.isEmpty() && doc.path("metadata").get("annotations") instanceof ObjectNode ann) {
        for (Map.Entry<String, JsonNode> e : ann.properties()) {
          if (hideAnnotations.contains(e.getKey())) {
            e.setValue(doc.stringNode(maskFor(seen, "annotation\u0000" + e.getKey(), e.getValue())));
          }
        }
      }
    }
    int i = 0;
    for (ObjectNode doc : present) {
      JsonNode la = doc.path("metadata").path("annotations").get(LAST_APPLIED);
      if (la != null && la.isString() && !la.stringValue().equals(mask(0)) && i < lastApplied.size()) {
        ((ObjectNode) doc.path("metadata").path("annotations")).put(LAST_APPLIED, JSON.writeValueAsString(lastApplied.get(i++)));
      }
    }
  }

  /** Masks only the named annotations (for kinds other than Secret). */
  static void maskAnnotations(List<ObjectNode> docs, Set<String> hideAnnotations) {
    Map<String, List<String>> seen = new HashMap<>();
    for (ObjectNode doc : docs) {
      if (doc.path("metadata").get("annotations") instanceof ObjectNode ann) {
        for (Map.Entry<String, JsonNode> e : ann.properties()) {
          if (hideAnnotations.contains(e.getKey())) {
            e.setValue(doc.stringNode(maskFor(seen, "annotation\u0000" + e.getKey(), e.getValue())));
          }
        }
      }
    }
  }

  private static String maskFor(Map<String, List<String>> seen, String key, JsonNode value) {
    // "data" and "stringData" share masks for the same key: both hold the same secret.
    String shared = key.startsWith("stringData\u0000") ? "data" + key.substring("stringData".length()) : key;
    List<String> values = seen.computeIfAbsent(shared, k -> new ArrayList<>(2));
    String v = value.isNull() ? "" : value.asString();
    int n = values.indexOf(v);
    if (n < 0) {
      values.add(v);
      n = values.size() - 1;
    }
    return mask(n);
  }

  private static void failClosed(ObjectNode doc) {
    ((ObjectNode) doc.path("metadata").path("annotations")).put(LAST_APPLIED, mask(0));
  }
}
