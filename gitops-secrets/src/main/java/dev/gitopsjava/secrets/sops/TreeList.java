package dev.gitopsjava.secrets.sops;

import java.util.ArrayList;
import java.util.List;

/** A sequence; its items may be {@link TreeComment}s, kept in file order. */
final class TreeList implements TreeValue {
  private final List<TreeValue> items = new ArrayList<>();

  List<TreeValue> items() {
    return items;
  }

  TreeList add(TreeValue item) {
    items.add(item);
    return this;
  }

  @Override
  public TreeList copy() {
    TreeList l = new TreeList();
    for (TreeValue v : items) {
      l.add(v.copy());
    }
    return l;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeList l && l.items.equals(items);
  }

  @Override
  public int hashCode() {
    return items.hashCode();
  }

  @Override
  public String toString() {
    return "TreeList[" + items.size() + " items]";
  }
}
