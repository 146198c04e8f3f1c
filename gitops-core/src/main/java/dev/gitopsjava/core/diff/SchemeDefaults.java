package dev.gitopsjava.core.diff;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills the scheme defaults of the schema table into a document where they are absent, as the
 * API server's defaulting does. Applied to both predicted and live so that a field the sync would
 * clear (and the server would default again) compares as its default value.
 */
final class SchemeDefaults {
  private SchemeDefaults() {}

  static void apply(JsonNode node, SchemaNode schema) {
    if (!schema.hasDefaultsBelow()) {
      return;
    }
    if (node instanceof ObjectNode obj) {
      for (Map.Entry<String, SchemaNode> e : schema.namedFields().entrySet()) {
        SchemaNode child = e.getValue();
        JsonNode value = obj.get(e.getKey());
        if (value == null || value.isNull()) {
          JsonNode dflt = child.defaultValue();
          if (dflt != null) {
            obj.set(e.getKey(), dflt.deepCopy());
            continue;
          } else if (child.hasNamedDefaultsBelow()) {
            value = obj.putObject(e.getKey());
          } else {
            continue;
          }
        }
        apply(value, child);
      }
      SchemaNode any = schema.anyChild();
      if (any != null && any.hasDefaultsBelow()) {
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
          if (!schema.namedFields().containsKey(e.getKey())) {
            apply(e.getValue(), any);
          }
        }
      }
    } else if (node.isArray()) {
      SchemaNode element = schema.anyChild();
      if (element != null && element.hasDefaultsBelow()) {
        for (JsonNode item : node) {
          apply(item, element);
        }
      }
    }
  }
}
