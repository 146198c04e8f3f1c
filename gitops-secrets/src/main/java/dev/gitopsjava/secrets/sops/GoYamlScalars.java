package dev.gitopsjava.secrets.sops;

import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * How go-yaml v3 (SOPS's YAML library) types a plain scalar: only {@code true/false} spellings are
 * booleans, ints follow {@code strconv.ParseInt(s, 0, 64)} after removing underscores (so {@code
 * 0755} is octal), timestamps stay strings. Deciding types exactly as SOPS does matters: the type
 * tag and the MAC bytes depend on it.
 */
final class GoYamlScalars {
  private static final Pattern YAML_STYLE_FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

  private GoYamlScalars() {}

  /** The typed value of a plain (unquoted, untagged) scalar. */
  static TreeScalar resolvePlain(String s) {
    switch (s) {
      case "", "~", "null", "Null", "NULL":
        return TreeScalar.NULL;
      case "true", "True", "TRUE":
        return TreeScalar.bool(true);
      case "false", "False", "FALSE":
        return TreeScalar.bool(false);
      case ".nan", ".NaN", ".NAN":
        return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(Double.NaN));
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(Double.POSITIVE_INFINITY));
      case "-.inf", "-.Inf", "-.INF":
        return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(Double.NEGATIVE_INFINITY));
      default:
        break;
    }
    char c = s.charAt(0);
    boolean numberHint = (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    if (!numberHint) {
      return TreeScalar.str(s);
    }
    String plain = s.replace("_", "");
    OptionalLong l = GoNumbers.parseIntBaseZero(plain);
    if (l.isPresent()) {
      return new TreeScalar(ScalarType.INT, Long.toString(l.getAsLong()));
    }
    if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
      OptionalDouble d = GoNumbers.parseFloat(plain);
      if (d.isPresent()) {
        return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(d.getAsDouble()));
      }
    }
    return TreeScalar.str(s);
  }

  /** Whether {@code s} written plain reads back as the string {@code s}. */
  static boolean isPlainString(String s) {
    return !s.isEmpty() && resolvePlain(s).equals(TreeScalar.str(s));
  }

  /** YAML text for a typed scalar that a YAML 1.2 reader (and go-yaml) types back the same. */
  static String yamlText(TreeScalar v) {
    switch (v.type()) {
      case BOOL:
        return v.text().equals("True") ? "true" : "false";
      case NULL:
        return "null";
      case FLOAT:
        switch (v.text()) {
          case "NaN":
            return ".nan";
          case "+Inf":
            return ".inf";
          case "-Inf":
            return "-.inf";
          default:
            return v.text().contains(".") ? v.text() : v.text() + ".0";
        }
      default:
        return v.text();
    }
  }
}
