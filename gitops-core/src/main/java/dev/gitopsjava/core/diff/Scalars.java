package dev.gitopsjava.core.diff;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.StringNode;

/**
 * Equality of leaf values as Kubernetes sees them: numbers by value (JSON has no int/float
 * distinction: {@code 1 == 1.0}), int-or-string fields by text ({@code 80 == "80"}), quantities
 * canonically ({@code 1000m == 1}).
 */
final class Scalars {
  private Scalars() {}

  static boolean equal(JsonNode a, JsonNode b, SchemaNode schema) {
    // Strings first, by type test: the common case, and isString()/isNumber() dispatch on the node type.
    if (a instanceof StringNode as && b instanceof StringNode bs) {
      String sa = as.stringValue();
      String sb = bs.stringValue();
      if (sa.equals(sb)) {
        return true;
      }
      return schema.quantity() && Quantity.sameQuantity(sa, sb);
    }
    if (a.isNumber() && b.isNumber()) {
      return numbersEqual(a, b);
    }
    if (schema.quantity() && (a.isNumber() || a.isString()) && (b.isNumber() || b.isString())) {
      return Quantity.sameQuantity(text(a), text(b));
    }
    if (schema.intOrString() && (a.isNumber() || a.isString()) && (b.isNumber() || b.isString())) {
      return text(a).equals(text(b));
    }
    return a.equals(b);
  }

  static boolean numbersEqual(JsonNode a, JsonNode b) {
    if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
      return a.longValue() == b.longValue();
    }
    return a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  /** A number's shortest text, a string's value. */
  static String text(JsonNode n) {
    if (n.isNumber()) {
      if (n.isIntegralNumber()) {
        return n.asString();
      }
      return n.decimalValue().stripTrailingZeros().toPlainString();
    }
    return n.asString();
  }
}
