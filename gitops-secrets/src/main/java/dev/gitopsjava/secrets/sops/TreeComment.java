package dev.gitopsjava.secrets.sops;

import java.util.Objects;

/**
 * A comment line: the text after {@code #}, leading space included (SOPS encrypts exactly that), or
 * its {@code ENC[...,type:comment]} form.
 */
record TreeComment(String text) implements TreeMember, TreeValue {
  TreeComment {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public TreeComment copy() {
    return this;
  }

  @Override
  public String toString() {
    return "TreeComment[" + text.length() + " chars]";
  }
}
