package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A compiled ignore path (JSON pointer or jq path): finds the fields it names in a document and
 * removes them. Missing fields are skipped.
 */
interface FieldRemover {

  /** Adds the locations this path names in {@code doc} to {@code out}. */
  void locate(JsonNode doc, List<Location> out);

  /** Removes every field the path names from {@code doc}. */
  default void removeFrom(JsonNode doc) {
    List<Location> found = new ArrayList<>(2);
    locate(doc, found);
    Location.removeAll(found);
  }

  /** A field of an object or an element of a list. */
  record Location(JsonNode parent, String field, int index) {
    static Location field(ObjectNode parent, String name) {
      return new Location(parent, name, -1);
    }

    static Location element(ArrayNode parent, int index) {
      return new Location(parent, "", index);
    }

    /** Removes all locations; list elements from the highest index down so indexes stay valid. */
    static void removeAll(List<Location> locations) {
      List<Location> sorted = new ArrayList<>(locations);
      sorted.sort(Comparator.comparingInt(Location::index).reversed());
      for (Location l : sorted) {
        if (l.index() >= 0 && l.parent() instanceof ArrayNode a) {
          if (l.index() < a.size()) {
            a.remove(l.index());
          }
        } else if (l.parent() instanceof ObjectNode o) {
          o.remove(l.field());
        }
      }
    }
  }

  /** An RFC 6901 pointer. */
  static FieldRemover pointer(String pointer) {
    if (!pointer.startsWith("/")) {
      throw new InvalidIgnoreRuleException(pointer, "a JSON pointer must start with '/'");
    }
    String[] raw = pointer.substring(1).split("/", -1);
    String[] segments = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      segments[i] = raw[i].replace("~1", "/").replace("~0", "~");
    }
    return (doc, out) -> {
      JsonNode node = doc;
      for (int i = 0; i < segments.length; i++) {
        String s = segments[i];
        boolean last = i == segments.length - 1;
        if (node instanceof ObjectNode o) {
          if (!o.has(s)) {
            return;
          }
          if (last) {
            out.add(Location.field(o, s));
            return;
          }
          node = o.get(s);
        } else if (node instanceof ArrayNode a) {
          int idx = parseIndex(s);
          if (idx < 0 || idx >= a.size()) {
            return;
          }
          if (last) {
            out.add(Location.element(a, idx));
            return;
          }
          node = a.get(idx);
        } else {
          return;
        }
      }
    };
  }

  private static int parseIndex(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }
}
