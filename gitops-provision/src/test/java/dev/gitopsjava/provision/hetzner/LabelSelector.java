package dev.gitopsjava.provision.hetzner;

import java.util.Map;

/** The fake's reading of Hetzner's label_selector: {@code k==v}, {@code k=v}, {@code k!=v}, {@code k}, {@code !k}. */
final class LabelSelector {
  private LabelSelector() {}

  static boolean matches(String selector, Map<String, String> labels) {
    if (selector.isEmpty()) {
      return true;
    }
    for (String term : selector.split(",")) {
      String t = term.strip();
      boolean ok;
      if (t.contains("!=")) {
        String[] kv = t.split("!=", 2);
        ok = !kv[1].equals(labels.get(kv[0]));
      } else if (t.contains("==")) {
        String[] kv = t.split("==", 2);
        ok = kv[1].equals(labels.get(kv[0]));
      } else if (t.contains("=")) {
        String[] kv = t.split("=", 2);
        ok = kv[1].equals(labels.get(kv[0]));
      } else if (t.startsWith("!")) {
        ok = !labels.containsKey(t.substring(1));
      } else {
        ok = labels.containsKey(t);
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
