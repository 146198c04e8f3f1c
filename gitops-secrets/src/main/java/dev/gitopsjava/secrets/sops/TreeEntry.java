package dev.gitopsjava.secrets.sops;

import java.util.Objects;

/** A mapping key and its value. */
record TreeEntry(String key, TreeValue value) implements TreeMember {
  TreeEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "TreeEntry[" + key + "]";
  }
}
