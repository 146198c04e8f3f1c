package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field ownership from {@code metadata.managedFields} (server-side apply's FieldsV1 sets):
 * {@code f:<field>}, {@code k:<json key>} for list elements by key, {@code v:<json>} for set
 * elements, {@code i:<n>} by index, {@code .} for the element itself.
 */
final class ManagedFields {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One step of an owned path. */
  sealed interface Element permits FieldElement, KeyElement, ValueElement, IndexElement {}
  record FieldElement(String name) implements Element {}
  record KeyElement(ObjectNode key) implements Element {}
  record ValueElement(JsonNode value) implements Element {}
  record IndexElement(int index) implements Element {}

  /** One managedFields entry. */
  record Entry(String manager, String operation, JsonNode fields) {}

  private ManagedFields() {}

  /** The managedFields entries of a raw document; empty when it has none. */
  static List<Entry> entries(JsonNode doc) {
    List<Entry> out = new ArrayList<>();
    JsonNode mf = doc.path("metadata").path("managedFields");
    for (JsonNode e : mf) {
      JsonNode fields = e.get("fieldsV1");
      if (fields != null && fields.isObject()) {
        out.add(new Entry(e.path("manager").asString(""), e.path("operation").asString(""), fields));
      }
    }
    return out;
  }

  /** The owned paths of a field set whose last element is a leaf (no owned children). */
  static List<List<Element>> leaves(JsonNode fieldSet) {
    List<List<Element>> out = new ArrayList<>();
    collect(fieldSet, new ArrayList<>(), out);
    return out;
  }

  private static void collect(JsonNode set, List<Element> prefix, List<List<Element>> out) {
    for (Map.Entry<String, JsonNode> e : set.properties()) {
      if (e.getKey().equals(".")) {
        continue;
      }
      Element el = parse(e.getKey());
      if (el == null) {
        continue;
      }
      List<Element> path = new ArrayList<>(prefix);
      path.add(el);
      JsonNode child = e.getValue();
      boolean leaf = !child.isObject() || child.isEmpty() || child.size() == 1 && child.has(".");
      if (leaf) {
        out.add(List.copyOf(path));
      } else {
        collect(child, path, out);
      }
    }
  }

  static @Nullable Element parse(String name) {
    if (name.length() < 2 || name.charAt(1) != ':') {
      return null;
    }
    String rest = name.substring(2);
    try {
      return switch (name.charAt(0)) {
        case 'f' -> new FieldElement(rest);
        case 'k' -> JSON.readTree(rest) instanceof ObjectNode o ? new KeyElement(o) : null;
        case 'v' -> new ValueElement(JSON.readTree(rest));
        case 'i' -> new IndexElement(Integer.parseInt(rest));
        default -> null;
      };
    } catch (JacksonException | NumberFormatException e) {
      return null;
    }
  }

  /** Where {@code path} lands in {@code doc}, or null when the document does not have it. */
  static FieldRemover.@Nullable Location resolve(JsonNode doc, List<Element> path, SchemaNode schema) {
    JsonNode node = doc;
    SchemaNode s = schema;
    FieldRemover.Location at = null;
    for (Element el : path) {
      if (el instanceof FieldElement f) {
        if (!(node instanceof ObjectNode o) || !o.has(f.name())) {
          return null;
        }
        at = FieldRemover.Location.field(o, f.name());
        node = o.get(f.name());
        s = s.field(f.name());
      } else if (node instanceof ArrayNode a) {
        int idx = indexOf(a, el, s);
        if (idx < 0) {
          return null;
        }
        at = FieldRemover.Location.element(a, idx);
        node = a.get(idx);
        s = s.element();
      } else {
        return null;
      }
    }
    return at;
  }

  static @Nullable JsonNode valueAt(FieldRemover.Location at) {
    return at.index() >= 0 ? at.parent().get(at.index()) : at.parent().get(at.field());
  }

  private static int indexOf(ArrayNode a, Element el, SchemaNode list) {
    if (el instanceof IndexElement i) {
      return i.index() < a.size() ? i.index() : -1;
    }
    if (el instanceof ValueElement v) {
      for (int i = 0; i < a.size(); i++) {
        if (a.get(i).equals(v.value())) {
          return i;
        }
      }
      return -1;
    }
    ObjectNode key = ((KeyElement) el).key();
    for (int i = 0; i < a.size(); i++) {
      if (keyMatches(a.get(i), key, list)) {
        return i;
      }
    }
    return -1;
  }

  /** True when {@code element} has every key field of {@code key} (implied defaults count). */
  static boolean keyMatches(JsonNode element, ObjectNode key, SchemaNode list) {
    for (Map.Entry<String, JsonNode> k : key.properties()) {
      JsonNode v = element.get(k.getKey());
      if (v == null || v.isNull()) {
        String implied = null;
        for (ListKey lk : list.listKeys()) {
          if (lk.field().equals(k.getKey())) {
            implied = lk.implied();
          }
        }
        if (implied == null && k.getKey().equals("protocol")) {
          implied = "TCP";
        }
        if (implied == null || !implied.equals(k.getValue().asString())) {
          return false;
        }
      } else if (!(v.isNumber() && k.getValue().isNumber() ? Scalars.numbersEqual(v, k.getValue())
          : v.equals(k.getValue()))) {
        return false;
      }
    }
    return true;
  }
}
