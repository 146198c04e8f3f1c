package dev.gitopsjava.core.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A comma-separated annotation value as Argo CD reads it ({@code argocd.argoproj.io/hook},
 * {@code argocd.argoproj.io/sync-options}): items trimmed, empty items and duplicates dropped,
 * first-seen order kept. Untrusted input: any string is accepted.
 */
final class AnnotationList {
  private AnnotationList() {}

  static List<String> parse(String value) {
    Set<String> items = new LinkedHashSet<>();
    for (String item : value.split(",", -1)) {
      String trimmed = item.strip();
      if (!trimmed.isEmpty()) {
        items.add(trimmed);
      }
    }
    return List.copyOf(items);
  }
}
