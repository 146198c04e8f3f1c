package dev.gitopsjava.secrets.sops;

import java.util.ArrayList;
import java.util.List;

/** Test helper: the values of a plaintext tree the rules select, as {@code aad|type|text}. */
final class PlainLeaves {
  private PlainLeaves() {}

  static List<String> selected(List<TreeBranch> documents, SopsRules rules) {
    List<String> out = new ArrayList<>();
    for (TreeBranch d : documents) {
      walk(d, new ArrayList<>(), rules, out);
    }
    return out;
  }

  private static void walk(TreeValue v, List<String> path, SopsRules rules, List<String> out) {
    if (v instanceof TreeBranch b) {
      for (TreeMember m : b.members()) {
        if (m instanceof TreeEntry e) {
          path.add(e.key());
          walk(e.value(), path, rules, out);
          path.remove(path.size() - 1);
        }
      }
    } else if (v instanceof TreeList l) {
      for (TreeValue item : l.items()) {
        walk(item, path, rules, out);
      }
    } else if (v instanceof TreeScalar s && s.type() != ScalarType.NULL && !s.text().isEmpty()
        && rules.shouldEncrypt(path)) {
      out.add(TreeCrypto.aad(path) + "|" + s.type().tag() + "|" + s.text());
    }
  }
}
