package dev.gitopsjava.secrets.sops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * SOPS's flattened metadata for the dotenv and INI stores ({@code stores/flatten.go}): nested keys
 * joined with {@code __}, list items as {@code list_<i>}, map keys as {@code map_<key>}, newlines
 * escaped as {@code \n}. Rebuilds the nested {@code sops} branch.
 */
final class FlatMetadata {
  private static final int MAX_LIST_INDEX = 10_000;

  private FlatMetadata() {}

  static TreeBranch unflatten(Map<String, String> flat) {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : flat.entrySet()) {
      String[] parts = e.getKey().split("__", -1);
      Object container = root;
      for (int i = 0; i < parts.length; i++) {
        boolean last = i == parts.length - 1;
        String part = parts[i];
        Object child = last ? e.getValue().replace("\\n", "\n") : null;
        if (i > 0 && part.startsWith("list_")) {
          int index;
          try {
            index = Integer.parseInt(part.substring(5));
          } catch (NumberFormatException ex) {
            throw new SopsFormatException("malformed flattened sops metadata key");
          }
          if (index < 0 || index > MAX_LIST_INDEX || !(container instanceof TreeMap)) {
            throw new SopsFormatException("malformed flattened sops metadata key");
          }
          container = step(container, index, child, parts, i);
        } else {
          String key = i > 0 && part.startsWith("map_") ? part.substring(4) : part;
          if (!(container instanceof LinkedHashMap)) {
            throw new SopsFormatException("malformed flattened sops metadata key");
          }
          container = step(container, key, child, parts, i);
        }
      }
    }
    return (TreeBranch) toTree(root);
  }

  @SuppressWarnings("unchecked")
  private static Object step(Object container, Object key, Object leaf, String[] parts, int i) {
    Map<Object, Object> map = (Map<Object, Object>) container;
    if (i == parts.length - 1) {
      map.put(key, leaf);
      return leaf;
    }
    boolean nextIsList = parts[i + 1].startsWith("list_");
    Object existing = map.get(key);
    if (existing == null) {
      existing = nextIsList ? new TreeMap<Integer, Object>() : new LinkedHashMap<String, Object>();
      map.put(key, existing);
    }
    return existing;
  }

  private static TreeValue toTree(Object o) {
    if (o instanceof TreeMap<?, ?> list) {
      TreeList l = new TreeList();
      list.values().forEach(v -> l.add(toTree(v)));
      return l;
    }
    if (o instanceof Map<?, ?> map) {
      TreeBranch b = new TreeBranch();
      map.forEach((k, v) -> b.put((String) k, toTree(v)));
      return b;
    }
    return TreeScalar.str((String) o);
  }
}
