package dev.gitopsjava.core.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One position in a kind's schema trie: what the diff knows about the value at a path. The walk
 * moves through the trie alongside the document, so a lookup is a map get per step and never
 * allocates.
 */
final class SchemaNode {
  /** The node for positions nothing is known about; its children are itself. */
  static final SchemaNode EMPTY = new SchemaNode();

  private final Map<String, SchemaNode> fields = new HashMap<>(4);
  private @Nullable SchemaNode any;
  private @Nullable List<ListKey> listKeys;
  private @Nullable JsonNode defaultValue;
  private boolean quantity;
  private boolean intOrString;
  private boolean defaultsBelow;
  private boolean namedDefaultsBelow;

  /** The node for property {@code name} of an object at this position. */
  SchemaNode field(String name) {
    if (this == EMPTY) {
      return EMPTY;
    }
    SchemaNode n = fields.get(name);
    if (n != null) {
      return n;
    }
    return any == null ? EMPTY : any;
  }

  /** The node for the elements of a list at this position. */
  SchemaNode element() {
    return any == null ? EMPTY : any;
  }

  /** The merge keys of the list at this position; empty when the list is compared whole. */
  List<ListKey> listKeys() {
    return listKeys == null ? List.of() : listKeys;
  }

  boolean keyed() {
    return listKeys != null;
  }

  @Nullable JsonNode defaultValue() {
    return defaultValue;
  }

  boolean quantity() {
    return quantity;
  }

  boolean intOrString() {
    return intOrString;
  }

  /** True when this node or one below it has a scheme default (computed by {@link #seal()}). */
  boolean hasDefaultsBelow() {
    return defaultsBelow;
  }

  /** True when a default is reachable through named fields only: only those create missing parents. */
  boolean hasNamedDefaultsBelow() {
    return namedDefaultsBelow;
  }

  /** Computes the derived flags once the trie is complete; the trie is read-only afterwards. */
  void seal() {
    boolean below = defaultValue != null;
    boolean named = defaultValue != null;
    for (SchemaNode c : fields.values()) {
      c.seal();
      below |= c.defaultsBelow;
      named |= c.namedDefaultsBelow;
    }
    if (any != null) {
      any.seal();
      below |= any.defaultsBelow;
    }
    defaultsBelow = below;
    namedDefaultsBelow = named;
  }

  /** Property names with their own node (used to apply defaults). */
  Map<String, SchemaNode> namedFields() {
    return fields;
  }

  @Nullable SchemaNode anyChild() {
    return any;
  }

  // ---- building (only while a schema is assembled, before it is shared)

  SchemaNode descend(String segment) {
    if ("*".equals(segment)) {
      if (any == null) {
        any = new SchemaNode();
      }
      return any;
    }
    return fields.computeIfAbsent(segment, s -> new SchemaNode());
  }

  void setListKeys(List<ListKey> keys) {
    this.listKeys = List.copyOf(new ArrayList<>(keys));
  }

  void setDefault(JsonNode value) {
    this.defaultValue = value;
  }

  void markQuantity() {
    this.quantity = true;
  }

  void markIntOrString() {
    this.intOrString = true;
  }
}
