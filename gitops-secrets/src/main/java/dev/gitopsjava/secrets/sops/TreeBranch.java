package dev.gitopsjava.secrets.sops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A mapping: entries and comments in file order. Mutable while a store builds or rewrites it. */
final class TreeBranch implements TreeValue {
  private final List<TreeMember> members = new ArrayList<>();

  List<TreeMember> members() {
    return members;
  }

  TreeBranch add(TreeMember member) {
    members.add(member);
    return this;
  }

  TreeBranch put(String key, TreeValue value) {
    return add(new TreeEntry(key, value));
  }

  Optional<TreeValue> get(String key) {
    for (TreeMember m : members) {
      if (m instanceof TreeEntry e && e.key().equals(key)) {
        return Optional.of(e.value());
      }
    }
    return Optional.empty();
  }

  boolean containsKey(String key) {
    return get(key).isPresent();
  }

  /** Removes the entry {@code key} (comments before it stay). */
  Optional<TreeValue> remove(String key) {
    for (int i = 0; i < members.size(); i++) {
      if (members.get(i) instanceof TreeEntry e && e.key().equals(key)) {
        members.remove(i);
        return Optional.of(e.value());
      }
    }
    return Optional.empty();
  }

  @Override
  public TreeBranch copy() {
    TreeBranch b = new TreeBranch();
    for (TreeMember m : members) {
      b.add(m instanceof TreeEntry e ? new TreeEntry(e.key(), e.value().copy()) : m);
    }
    return b;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeBranch b && b.members.equals(members);
  }

  @Override
  public int hashCode() {
    return members.hashCode();
  }

  @Override
  public String toString() {
    return "TreeBranch[" + members.size() + " members]";
  }
}
