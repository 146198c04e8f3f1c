package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.ResourceKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The built-in normalisation, in place on a private copy: removes what the API server and
 * controllers set (status, server metadata, the last-applied annotation), nulls and empty lists
 * (as a typed round trip would), brings quantities and numbers into canonical form, folds Secret
 * {@code stringData} into {@code data}, and applies Argo CD's kind normalisers (Role rules,
 * Endpoints ports and order).
 */
final class ResourceNormalizer {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final List<String> SERVER_METADATA =
      List.of("managedFields", "resourceVersion", "uid", "generation", "creationTimestamp", "selfLink");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final boolean ignoreAggregatedRoles;

  ResourceNormalizer(boolean ignoreAggregatedRoles) {
    this.ignoreAggregatedRoles = ignoreAggregatedRoles;
  }

  /** Normalises {@code doc} in place. */
  void normalize(ResourceKey key, ObjectNode doc, SchemaNode schema, boolean knownKind) {
    doc.remove("status");
    if (doc.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(SERVER_METADATA);
      if (metadata.get("annotations") instanceof ObjectNode annotations) {
        annotations.remove(LAST_APPLIED);
      }
    }
    switch (key.kind()) {
      case "Secret" -> {
        if (key.group().isEmpty()) {
          foldStringData(doc);
        }
      }
      case "Role", "ClusterRole" -> {
        if (key.group().equals("rbac.authorization.k8s.io") && ignoreAggregatedRoles
            && doc.has("aggregationRule")) {
          doc.remove("rules");
        }
      }
      case "Endpoints" -> {
        if (key.group().isEmpty()) {
          normalizeEndpoints(doc);
        }
      }
      default -> { }
    }
    clean(doc, schema, knownKind);
    if (doc.get("metadata") instanceof ObjectNode metadata) {
      removeIfEmptyObject(metadata, "annotations");
      removeIfEmptyObject(metadata, "labels");
    }
  }

  /** Removes nulls and (for known kinds) empty lists, canonicalises quantities and whole-valued numbers. */
  static void clean(ObjectNode obj, SchemaNode schema, boolean knownKind) {
    Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      SchemaNode child = schema.field(e.getKey());
      // A typed round trip drops empty lists of built-in kinds; a custom resource keeps them.
      if (v.isNull() || knownKind && v.isArray() && v.isEmpty()) {
        it.remove();
      } else if (v instanceof ObjectNode o) {
        clean(o, child, knownKind);
      } else if (v instanceof ArrayNode a) {
        cleanArray(a, child.element(), knownKind);
      } else if (knownKind) {
        JsonNode canonical = canonicalScalar(v, child);
        if (canonical != v) {
          e.setValue(canonical);
        }
      }
    }
  }

  /**
   * A cleaned copy of one value (as {@link #clean} leaves it inside a document): containers are
   * copied, scalars returned canonical (a value node is immutable, so it may be shared).
   */
  static JsonNode cleanCopy(JsonNode value, SchemaNode schema, boolean knownKind) {
    if (value instanceof ObjectNode o) {
      ObjectNode copy = o.deepCopy();
      clean(copy, schema, knownKind);
      return copy;
    }
    if (value instanceof ArrayNode a) {
      ArrayNode copy = a.deepCopy();
      cleanArray(copy, schema.element(), knownKind);
      return copy;
    }
    return knownKind ? canonicalScalar(value, schema) : value;
  }

  private static void cleanArray(ArrayNode arr, SchemaNode element, boolean knownKind) {
    for (int i = 0; i < arr.size(); i++) {
      JsonNode v = arr.get(i);
      if (v instanceof ObjectNode o) {
        clean(o, element, knownKind);
      } else if (v instanceof ArrayNode a) {
        cleanArray(a, element.element(), knownKind);
      } else if (knownKind) {
        JsonNode canonical = canonicalScalar(v, element);
        if (canonical != v) {
          arr.set(i, canonical);
        }
      }
    }
  }

  private static JsonNode canonicalScalar(JsonNode v, SchemaNode schema) {
    if (schema.quantity() && (v.isString() || v.isNumber())) {
      Optional<String> q = Quantity.canonical(Scalars.text(v));
      if (q.isPresent() && !(v.isString() && v.stringValue().equals(q.get()))) {
        return NODES.stringNode(q.get());
      }
      return v;
    }
    if (v.isFloatingPointNumber() || v.isBigDecimal()) {
      // A JSON round trip through a typed struct turns 2.0 into 2.
      java.math.BigDecimal d = v.decimalValue();
      if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
        try {
          return NODES.numberNode(d.longValueExact());
        } catch (ArithmeticException tooBig) {
          return v;
        }
      }
    }
    return v;
  }

  private static void foldStringData(ObjectNode doc) {
    JsonNode stringData = doc.get("stringData");
    JsonNode dataNode = doc.get("data");
    if (stringData instanceof ObjectNode sd && !sd.isEmpty()) {
      ObjectNode data = dataNode instanceof ObjectNode d ? d : doc.putObject("data");
      for (Map.Entry<String, JsonNode> e : sd.properties()) {
        JsonNode v = e.getValue();
        String text = v.isNull() ? "" : v.isString() ? v.stringValue() : v.toString();
        data.put(e.getKey(), Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      }
    }
    doc.remove("stringData");
    if (doc.get("data") instanceof ObjectNode data) {
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        if (e.getValue().isNull()) {
          e.setValue(NODES.stringNode(""));
        } else if (!e.getValue().isString()) {
          e.setValue(NODES.stringNode(e.getValue().toString()));
        }
      }
    }
  }

  private static void normalizeEndpoints(ObjectNode doc) {
    if (!(doc.get("subsets") instanceof ArrayNode subsets)) {
      return;
    }
    List<JsonNode> sorted = new ArrayList<>();
    for (JsonNode subset : subsets) {
      if (subset instanceof ObjectNode s) {
        sortBy(s, "addresses", Comparator.comparing(a -> a.path("ip").asString("")));
        sortBy(s, "notReadyAddresses", Comparator.comparing(a -> a.path("ip").asString("")));
        if (s.get("ports") instanceof ArrayNode ports) {
          for (JsonNode p : ports) {
            if (p instanceof ObjectNode po && !po.hasNonNull("protocol")) {
              po.put("protocol", "TCP");
            }
          }
        }
        sortBy(s, "ports", Comparator.comparing((JsonNode p) -> p.path("name").asString(""))
            .thenComparingLong(p -> p.path("port").asLong(0))
            .thenComparing(p -> p.path("protocol").asString("")));
      }
      sorted.add(subset);
    }
    sorted.sort(Comparator.comparing(JsonNode::toString));
    subsets.removeAll();
    sorted.forEach(subsets::add);
  }

  private static void sortBy(ObjectNode parent, String field, Comparator<JsonNode> order) {
    if (parent.get(field) instanceof ArrayNode arr && arr.size() > 1) {
      List<JsonNode> items = new ArrayList<>();
      arr.forEach(items::add);
      items.sort(order);
      arr.removeAll();
      items.forEach(arr::add);
    }
  }

  private static void removeIfEmptyObject(ObjectNode parent, String field) {
    JsonNode v = parent.get(field);
    if (v != null && (v.isNull() || v.isObject() && v.isEmpty())) {
      parent.remove(field);
    }
  }
}
