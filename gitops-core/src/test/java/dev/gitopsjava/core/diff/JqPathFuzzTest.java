package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The jq path parser takes untrusted text from Application specs: it either parses or rejects cleanly. */
class JqPathFuzzTest {
  private static final ObjectNode DOC = (ObjectNode) JsonMapper.builder().build().readTree("""
      {"metadata": {"name": "x", "annotations": {"x": "1"}},
       "spec": {"replicas": 2, "a": [{"b": 1, "c": "xy", "e": 3}, {"b": 2, "d": null}],
                "template": {"spec": {"containers": [{"name": "x", "image": "i"}, {"name": "y"}]}}},
       "webhooks": [{"clientConfig": {"caBundle": "Zm9v"}}]}
      """);

  @FuzzTest(maxDuration = "30s")
  void parsesOrRejectsCleanly(FuzzedDataProvider data) {
    String expression = data.consumeRemainingAsString();
    JqPath path;
    try {
      path = JqPath.parse(expression);
    } catch (InvalidIgnoreRuleException e) {
      assertTrue(e.getMessage().startsWith("unsupported ignoreDifferences expression"), e.getMessage());
      return;
    }
    ObjectNode doc = DOC.deepCopy();
    path.removeFrom(doc);
    // Deleting again finds nothing more to delete at the same places, and never grows the document.
    assertTrue(size(doc) <= size(DOC));
    ObjectNode twice = doc.deepCopy();
    path.removeFrom(twice);
    assertTrue(size(twice) <= size(doc));
    assertEquals(expression, path.toString());
  }

  private static int size(JsonNode n) {
    int s = 1;
    for (JsonNode c : n.values()) {
      s += size(c);
    }
    return s;
  }
}
