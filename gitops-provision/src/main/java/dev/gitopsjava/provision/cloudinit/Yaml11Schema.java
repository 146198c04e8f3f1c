package dev.gitopsjava.provision.cloudinit;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * Plain scalars typed the way cloud-init's YAML reader (PyYAML, YAML 1.1) types them, so our
 * verdict matches cloud-init's: {@code 0644} is the octal int 420, {@code yes}/{@code off} are
 * booleans, {@code 12:30} is the sexagesimal int 750, and {@code 1e3} stays a string (1.1 floats
 * need an exponent sign). Patterns and conversions follow PyYAML's {@code resolver.py} and
 * {@code constructor.py}. Timestamps are left as strings (a known gap).
 */
final class Yaml11Schema implements Schema {
  private static final Pattern BOOL = Pattern.compile(
      "yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF");
  private static final Pattern INT = Pattern.compile("[-+]?0b[0-1_]+|[-+]?0[0-7_]+"
      + "|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
      + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");

  @Override
  public ScalarResolver getScalarResolver() {
    return (value, implicit) -> {
      if (!Boolean.TRUE.equals(implicit)) {
        return Tag.STR;
      }
      if (NULL.matcher(value).matches()) {
        return Tag.NULL;
      }
      if (BOOL.matcher(value).matches()) {
        return Tag.BOOL;
      }
      if (INT.matcher(value).matches()) {
        return Tag.INT;
      }
      if (FLOAT.matcher(value).matches()) {
        return Tag.FLOAT;
      }
      return Tag.STR;
    };
  }

  @Override
  public Map<Tag, ConstructNode> getSchemaTagConstructors() {
    return Map.of(
        Tag.NULL, node -> null,
        Tag.BOOL, node -> {
          String v = text(node).toLowerCase(Locale.ROOT);
          return v.equals("yes") || v.equals("true") || v.equals("on");
        },
        Tag.INT, node -> integer(text(node)),
        Tag.FLOAT, node -> decimal(text(node)));
  }

  private static String text(Node node) {
    return ((ScalarNode) node).getValue();
  }

  /** The int PyYAML makes of {@code text}; the text itself when no digits are left ("0x_"). */
  static Object integer(String text) {
    try {
      return parseInteger(text);
    } catch (NumberFormatException e) {
      return text;
    }
  }

  private static Object parseInteger(String text) {
    String v = text.replace("_", "");
    int sign = 1;
    if (v.startsWith("-") || v.startsWith("+")) {
      sign = v.charAt(0) == '-' ? -1 : 1;
      v = v.substring(1);
    }
    BigInteger n;
    if (v.equals("0")) {
      n = BigInteger.ZERO;
    } else if (v.startsWith("0b")) {
      n = new BigInteger(v.substring(2), 2);
    } else if (v.startsWith("0x")) {
      n = new BigInteger(v.substring(2), 16);
    } else if (v.startsWith("0")) {
      n = new BigInteger(v, 8);
    } else if (v.contains(":")) {
      n = BigInteger.ZERO;
      for (String part : v.split(":")) {
        n = n.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
      }
    } else {
      n = new BigInteger(v);
    }
    n = sign < 0 ? n.negate() : n;
    return n.bitLength() < 32 ? (Object) n.intValue()
        : n.bitLength() < 64 ? (Object) n.longValue() : n;
  }

  static double decimal(String text) {
    String v = text.replace("_", "").toLowerCase(Locale.ROOT);
    double sign = 1;
    if (v.startsWith("-") || v.startsWith("+")) {
      sign = v.charAt(0) == '-' ? -1 : 1;
      v = v.substring(1);
    }
    if (v.equals(".inf")) {
      return sign * Double.POSITIVE_INFINITY;
    }
    if (v.equals(".nan")) {
      return Double.NaN;
    }
    if (v.contains(":")) {
      double n = 0;
      for (String part : v.split(":")) {
        n = n * 60 + Double.parseDouble(part);
      }
      return sign * n;
    }
    return sign * Double.parseDouble(v);
  }
}
