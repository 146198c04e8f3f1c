package dev.gitopsjava.core.diff;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * One field of a list's merge key, with the value Kubernetes assumes when an element leaves it
 * out (container and Service ports: {@code protocol} defaults to {@code TCP}).
 */
record ListKey(String field, @Nullable String implied) {
  ListKey {
    Objects.requireNonNull(field, "field");
  }

  /** Parses {@code name} or {@code name=DEFAULT}. */
  static ListKey parse(String spec) {
    int eq = spec.indexOf('=');
    return eq < 0 ? new ListKey(spec, null) : new ListKey(spec.substring(0, eq), spec.substring(eq + 1));
  }

  /** True when elements {@code a} and {@code b} have the same value for this key field. */
  boolean sameValue(JsonNode a, JsonNode b) {
    return sameKeyValue(a.get(field), b.get(field));
  }

  /** True when two elements whose key field holds {@code va} and {@code vb} (null: absent) match. */
  boolean sameKeyValue(@Nullable JsonNode va, @Nullable JsonNode vb) {
    if (va instanceof StringNode && vb instanceof StringNode) {
      return va.equals(vb); // names and paths: the usual key
    }
    boolean absentA = va == null || va.isNull();
    boolean absentB = vb == null || vb.isNull();
    if (absentA && absentB) {
      return true;
    }
    if (absentA) {
      return implied != null && vb.isValueNode() && implied.equals(vb.asString());
    }
    if (absentB) {
      return implied != null && va.isValueNode() && implied.equals(va.asString());
    }
    if (va.isNumber() && vb.isNumber()) {
      return va.decimalValue().compareTo(vb.decimalValue()) == 0;
    }
    return va.equals(vb);
  }
}
