package dev.gitopsjava.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Terraform's version constraints: comma-separated terms with {@code =}, {@code !=}, {@code >},
 * {@code >=}, {@code <}, {@code <=} and {@code ~>} (only the right-most given component may grow:
 * {@code ~> 1.2} means {@code >= 1.2, < 2.0}; {@code ~> 1.2.3} means {@code >= 1.2.3, < 1.3.0}).
 * An empty constraint allows every version.
 */
final class VersionConstraint {

  private static final Pattern TERM =
      Pattern.compile("\\s*(=|!=|>=|<=|>|<|~>)?\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?\\s*");

  private record Term(String op, int[] version, int given) {}

  private final String text;
  private final List<Term> terms;

  private VersionConstraint(String text, List<Term> terms) {
    this.text = text;
    this.terms = terms;
  }

  static VersionConstraint parse(String text) {
    List<Term> terms = new ArrayList<>();
    if (!text.isBlank()) {
      for (String part : text.split(",", -1)) {
        Matcher m = TERM.matcher(part);
        if (!m.matches()) {
          throw new IllegalArgumentException("invalid version constraint \"" + text
              + "\": cannot read term \"" + part.trim() + "\"");
        }
        int given = m.group(4) != null ? 3 : m.group(3) != null ? 2 : 1;
        terms.add(new Term(m.group(1) == null ? "=" : m.group(1), new int[] {
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
            m.group(4) == null ? 0 : Integer.parseInt(m.group(4))}, given));
      }
    }
    return new VersionConstraint(text, List.copyOf(terms));
  }

  boolean allows(String version) {
    int[] v = parseVersion(version);
    for (Term t : terms) {
      int c = compare(v, t.version);
      boolean ok = switch (t.op) {
        case "=" -> c == 0;
        case "!=" -> c != 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case "~>" -> c >= 0 && compare(v, pessimisticUpperBound(t)) < 0;
        default -> throw new IllegalStateException(t.op);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static int[] pessimisticUpperBound(Term t) {
    int[] v = t.version;
    return t.given <= 2 ? new int[] {v[0] + 1, 0, 0} : new int[] {v[0], v[1] + 1, 0};
  }

  static int[] parseVersion(String version) {
    String core = version.strip();
    int cut = core.indexOf('-');
    if (cut >= 0) {
      core = core.substring(0, cut);
    }
    String[] parts = core.split("\\.");
    if (parts.length == 0 || parts.length > 3) {
      throw new IllegalArgumentException("invalid version \"" + version + "\"");
    }
    int[] out = new int[3];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid version \"" + version + "\"");
      }
    }
    return out;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
