package dev.gitopsjava.core.diff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parsed {@code last-applied-configuration} annotations, by their text. The engine diffs the same
 * live objects again and again between changes; parsing the annotation would cost more than the
 * whole in-sync check. Values are shared and read-only.
 */
final class LastAppliedCache {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final ObjectNode UNREADABLE = JSON.createObjectNode();

  private final Cache<String, ObjectNode> parsed = Caffeine.newBuilder().maximumSize(4096).build();

  /** The parsed annotation; empty when it is not a JSON object. */
  Optional<ObjectNode> parse(String annotation) {
    ObjectNode n = parsed.get(annotation, LastAppliedCache::read);
    return n == UNREADABLE ? Optional.empty() : Optional.of(n);
  }

  private static ObjectNode read(String text) {
    try {
      return JSON.readTree(text) instanceof ObjectNode o ? o : UNREADABLE;
    } catch (JacksonException e) {
      return UNREADABLE;
    }
  }
}
