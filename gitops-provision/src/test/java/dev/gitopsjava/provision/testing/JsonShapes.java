package dev.gitopsjava.provision.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a request body against a documented sample: every field sent must appear in the sample
 * (or be named in {@code extraFields}) with the same JSON type, recursively; array items are
 * compared with the sample's first item. Under a {@code freeFormMaps} path (labels, metadata)
 * any key is fine but values must be strings.
 */
public final class JsonShapes {
  private JsonShapes() {}

  public static void assertConforms(JsonNode actual, JsonNode sample, Set<String> freeFormMaps,
      Set<String> extraFields) {
    check("", actual, sample, freeFormMaps, extraFields);
  }

  private static void check(String path, JsonNode actual, JsonNode sample, Set<String> freeForm,
      Set<String> extra) {
    if (freeForm.contains(path)) {
      if (!actual.isObject()) {
        fail(path + ": expected a map, got " + actual.getNodeType());
      }
      actual.properties().forEach(e -> {
        if (!e.getValue().isString()) {
          fail(path + "." + e.getKey() + ": label values must be strings");
        }
      });
      return;
    }
    if (actual.getNodeType() != sample.getNodeType()) {
      fail((path.isEmpty() ? "(root)" : path) + ": sent " + actual.getNodeType()
          + " where the documented sample has " + sample.getNodeType());
    }
    if (actual.isObject()) {
      for (String field : actual.propertyNames()) {
        String p = path.isEmpty() ? field : path + "." + field;
        if (!sample.has(field)) {
          if (!extra.contains(p)) {
            fail(p + ": not in the documented request sample");
          }
          continue;
        }
        check(p, actual.get(field), sample.get(field), freeForm, extra);
      }
    } else if (actual.isArray() && !sample.isEmpty()) {
      for (JsonNode item : actual) {
        check(path + "[]", item, sample.get(0), freeForm, extra);
      }
    }
  }
}
