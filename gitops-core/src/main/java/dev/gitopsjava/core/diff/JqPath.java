package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The subset of jq path expressions Argo CD users write in {@code jqPathExpressions} (Argo CD
 * deletes them with {@code del(expr)}):
 *
 * <pre>
 *   pipeline  := term ( '|' term )*
 *   term      := 'select' '(' condition ')' | path
 *   path      := '.' | step+
 *   step      := '.' name ['?'] | '.' "string" ['?'] | '[' "string" ']' ['?'] | '[' int ']' ['?'] | '[' ']' ['?']
 *   condition := comparison ( ('and' | 'or') comparison )*
 *   comparison:= operand [ ('==' | '!=') operand ]
 *   operand   := path [ '|' ('startswith' | 'endswith' | 'contains') '(' "string" ')' ] | literal
 *   literal   := "string" | number | true | false | null
 * </pre>
 *
 * e.g. {@code .spec.template.spec.containers[] | select(.name == "x") | .image},
 * {@code .metadata.annotations["x"]}, {@code .webhooks[]?.clientConfig.caBundle}. Anything else is
 * rejected with an {@link InvalidIgnoreRuleException} naming the expression and the position.
 */
final class JqPath implements FieldRemover {
  private static final int MAX_LENGTH = 4096;
  private static final int MAX_DEPTH = 64;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private sealed interface Step permits Field, Index, Each {}
  private record Field(String name) implements Step {}
  private record Index(int index) implements Step {}
  private record Each() implements Step {}

  private sealed interface Term permits PathTerm, Select {}
  private record PathTerm(List<Step> steps) implements Term {}
  private record Select(Condition condition) implements Term {}

  private sealed interface Condition permits Compare, Truthy, And, Or {}
  private record Compare(Operand left, boolean equal, Operand right) implements Condition {}
  private record Truthy(Operand operand) implements Condition {}
  private record And(Condition left, Condition right) implements Condition {}
  private record Or(Condition left, Condition right) implements Condition {}

  private sealed interface Operand permits PathOperand, Literal {}
  private record PathOperand(List<Step> steps, String function, String argument) implements Operand {}
  private record Literal(JsonNode value) implements Operand {}

  private final String source;
  private final List<Term> terms;

  private JqPath(String source, List<Term> terms) {
    this.source = source;
    this.terms = terms;
  }

  /** Parses an expression; throws {@link InvalidIgnoreRuleException} outside the subset. */
  static JqPath parse(String expression) {
    if (expression.length() > MAX_LENGTH) {
      throw new InvalidIgnoreRuleException(expression.substring(0, 64) + "...", "longer than " + MAX_LENGTH + " characters");
    }
    Parser p = new Parser(expression);
    List<Term> terms = p.pipeline();
    p.skipSpace();
    if (!p.atEnd()) {
      throw p.error("unexpected '" + p.peekText() + "'");
    }
    if (terms.isEmpty() || !(terms.get(terms.size() - 1) instanceof PathTerm last) || last.steps().isEmpty()) {
      throw new InvalidIgnoreRuleException(expression, "the expression must end in a path to a field");
    }
    return new JqPath(expression, List.copyOf(terms));
  }

  @Override
  public String toString() {
    return source;
  }

  @Override
  public void locate(JsonNode doc, List<Location> out) {
    // A stream of (node, location-of-node) pairs; the root has no location.
    List<JsonNode> nodes = new ArrayList<>();
    List<@Nullable Location> locations = new ArrayList<>();
    nodes.add(doc);
    locations.add(null);
    for (Term term : terms) {
      List<JsonNode> nextNodes = new ArrayList<>();
      List<@Nullable Location> nextLocations = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        JsonNode node = nodes.get(i);
        if (term instanceof Select s) {
          if (holds(s.condition(), node)) {
            nextNodes.add(node);
            nextLocations.add(locations.get(i));
          }
        } else {
          walk(((PathTerm) term).steps(), 0, node, locations.get(i), nextNodes, nextLocations);
        }
      }
      nodes = nextNodes;
      locations = nextLocations;
    }
    for (Location l : locations) {
      if (l != null) {
        out.add(l);
      }
    }
  }

  private static void walk(List<Step> steps, int i, JsonNode node, @Nullable Location at, List<JsonNode> nodes,
      List<@Nullable Location> locations) {
    if (i == steps.size()) {
      nodes.add(node);
      locations.add(at);
      return;
    }
    Step step = steps.get(i);
    if (step instanceof Field f) {
      if (node instanceof ObjectNode o && o.has(f.name())) {
        walk(steps, i + 1, o.get(f.name()), Location.field(o, f.name()), nodes, locations);
      }
    } else if (step instanceof Index ix) {
      if (node instanceof ArrayNode a) {
        int idx = ix.index() < 0 ? a.size() + ix.index() : ix.index();
        if (idx >= 0 && idx < a.size()) {
          walk(steps, i + 1, a.get(idx), Location.element(a, idx), nodes, locations);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int k = 0; k < a.size(); k++) {
        walk(steps, i + 1, a.get(k), Location.element(a, k), nodes, locations);
      }
    } else if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        walk(steps, i + 1, e.getValue(), Location.field(o, e.getKey()), nodes, locations);
      }
    }
  }

  private static boolean holds(Condition c, JsonNode input) {
    if (c instanceof And a) {
      return holds(a.left(), input) && holds(a.right(), input);
    }
    if (c instanceof Or o) {
      return holds(o.left(), input) || holds(o.right(), input);
    }
    if (c instanceof Truthy t) {
      for (JsonNode v : values(t.operand(), input)) {
        if (!v.isNull() && !(v.isBoolean() && !v.booleanValue())) {
          return true;
        }
      }
      return false;
    }
    Compare cmp = (Compare) c;
    for (JsonNode l : values(cmp.left(), input)) {
      for (JsonNode r : values(cmp.right(), input)) {
        boolean eq = l.isNumber() && r.isNumber() ? Scalars.numbersEqual(l, r) : l.equals(r);
        if (eq == cmp.equal()) {
          return true;
        }
      }
    }
    return false;
  }

  /** jq value semantics: a missing field is {@code null}. */
  private static List<JsonNode> values(Operand operand, JsonNode input) {
    if (operand instanceof Literal lit) {
      return List.of(lit.value());
    }
    PathOperand p = (PathOperand) operand;
    List<JsonNode> current = List.of(input);
    for (Step step : p.steps()) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        if (step instanceof Field f) {
          JsonNode v = n.get(f.name());
          next.add(n.isObject() && v != null ? v : NullNode.getInstance());
        } else if (step instanceof Index ix) {
          JsonNode v = n.isArray() ? n.get(ix.index() < 0 ? n.size() + ix.index() : ix.index()) : null;
          next.add(v == null ? NullNode.getInstance() : v);
        } else {
          n.values().forEach(next::add);
        }
      }
      current = next;
    }
    if (p.function().isEmpty()) {
      return current;
    }
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode n : current) {
      boolean r = n.isString() && switch (p.function()) {
        case "startswith" -> n.stringValue().startsWith(p.argument());
        case "endswith" -> n.stringValue().endsWith(p.argument());
        default -> n.stringValue().contains(p.argument());
      };
      out.add(JSON.getNodeFactory().booleanNode(r));
    }
    return out;
  }

  /** Recursive descent over the grammar in the class comment. */
  private static final class Parser {
    private final String s;
    private int pos;
    private int depth;

    Parser(String s) {
      this.s = s;
    }

    List<Term> pipeline() {
      List<Term> terms = new ArrayList<>();
      terms.add(term());
      skipSpace();
      while (peek() == '|') {
        pos++;
        terms.add(term());
        skipSpace();
      }
      return terms;
    }

    private Term term() {
      skipSpace();
      if (s.startsWith("select", pos) && !identChar(at(pos + 6))) {
        pos += 6;
        skipSpace();
        expect('(');
        if (++depth > MAX_DEPTH) {
          throw error("nested too deeply");
        }
        Condition c = condition();
        depth--;
        skipSpace();
        expect(')');
        return new Select(c);
      }
      return new PathTerm(path(true));
    }

    private Condition condition() {
      Condition left = comparison();
      while (true) {
        skipSpace();
        if (keyword("and")) {
          left = new And(left, comparison());
        } else if (keyword("or")) {
          left = new Or(left, comparison());
        } else {
          return left;
        }
      }
    }

    private Condition comparison() {
      Operand left = operand();
      skipSpace();
      if (s.startsWith("==", pos) || s.startsWith("!=", pos)) {
        boolean equal = s.charAt(pos) == '=';
        pos += 2;
        return new Compare(left, equal, operand());
      }
      return new Truthy(left);
    }

    private Operand operand() {
      skipSpace();
      char c = peek();
      if (c == '.') {
        List<Step> steps = path(false);
        skipSpace();
        if (peek() == '|') {
          int save = pos;
          pos++;
          skipSpace();
          for (String f : List.of("startswith", "endswith", "contains")) {
            if (s.startsWith(f, pos) && !identChar(at(pos + f.length()))) {
              pos += f.length();
              skipSpace();
              expect('(');
              skipSpace();
              String arg = string();
              skipSpace();
              expect(')');
              return new PathOperand(steps, f, arg);
            }
          }
          pos = save;
          throw error("only startswith, endswith and contains may follow '|' inside select");
        }
        return new PathOperand(steps, "", "");
      }
      if (c == '"') {
        return new Literal(JSON.getNodeFactory().stringNode(string()));
      }
      if (c == '-' || Character.isDigit(c)) {
        int start = pos;
        if (c == '-') {
          pos++;
        }
        while (Character.isDigit(peek()) || peek() == '.') {
          pos++;
        }
        String num = s.substring(start, pos);
        try {
          return new Literal(JSON.getNodeFactory().numberNode(new java.math.BigDecimal(num)));
        } catch (NumberFormatException e) {
          throw error("bad number '" + num + "'");
        }
      }
      for (String lit : List.of("true", "false", "null")) {
        if (keyword(lit)) {
          return new Literal(lit.equals("null") ? NullNode.getInstance()
              : JSON.getNodeFactory().booleanNode(lit.equals("true")));
        }
      }
      throw error("expected a path or a literal");
    }

    private List<Step> path(boolean allowIdentity) {
      skipSpace();
      List<Step> steps = new ArrayList<>();
      if (peek() != '.') {
        throw error(atEnd() ? "expected a path starting with '.'" : "unsupported jq syntax at '" + peekText() + "'");
      }
      while (peek() == '.' || peek() == '[') {
        if (peek() == '.') {
          pos++;
          char c = peek();
          if (c == '"') {
            steps.add(new Field(string()));
          } else if (identStart(c)) {
            int start = pos;
            while (identChar(peek())) {
              pos++;
            }
            steps.add(new Field(s.substring(start, pos)));
          } else if (c == '[') {
            continue;
          } else if (steps.isEmpty() && allowIdentity) {
            break; // '.' alone: identity
          } else {
            throw error("expected a field name after '.'");
          }
        } else {
          pos++;
          skipSpace();
          char c = peek();
          if (c == ']') {
            steps.add(new Each());
          } else if (c == '"') {
            steps.add(new Field(string()));
          } else if (c == '-' || Character.isDigit(c)) {
            int start = pos;
            pos++;
            while (Character.isDigit(peek())) {
              pos++;
            }
            try {
              steps.add(new Index(Integer.parseInt(s.substring(start, pos))));
            } catch (NumberFormatException e) {
              throw error("bad index");
            }
          } else {
            throw error("unsupported subscript (slices and expressions are not supported)");
          }
          skipSpace();
          expect(']');
        }
        if (peek() == '?') {
          pos++;
        }
      }
      return steps;
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (pos < s.length() && s.charAt(pos) != '"') {
        char c = s.charAt(pos++);
        if (c == '\\') {
          if (pos >= s.length()) {
            break;
          }
          char e = s.charAt(pos++);
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case '"', '\\', '/' -> sb.append(e);
            default -> throw error("unsupported escape '\\" + e + "'");
          }
        } else {
          sb.append(c);
        }
      }
      expect('"');
      return sb.toString();
    }

    private boolean keyword(String k) {
      skipSpace();
      if (s.startsWith(k, pos) && !identChar(at(pos + k.length()))) {
        pos += k.length();
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'" + (atEnd() ? " at the end" : " at '" + peekText() + "'"));
      }
      pos++;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    private char peek() {
      return at(pos);
    }

    private char at(int i) {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    String peekText() {
      return s.substring(pos, Math.min(s.length(), pos + 12));
    }

    private static boolean identStart(char c) {
      return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean identChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    InvalidIgnoreRuleException error(String problem) {
      return new InvalidIgnoreRuleException(s, problem + " (column " + (pos + 1) + ")");
    }
  }
}
