package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import java.util.List;

/**
 * The per-resource annotation {@code argocd.argoproj.io/sync-options}, e.g.
 * {@code Prune=false,PruneLast=true}. An option counts only when an item equals it exactly
 * (case-sensitive), as in Argo CD.
 */
record ResourceSyncOptions(List<String> items) {
  static final String ANNOTATION = "argocd.argoproj.io/sync-options";
  static final String PRUNE_FALSE = "Prune=false";
  static final String PRUNE_CONFIRM = "Prune=confirm";
  static final String PRUNE_LAST = "PruneLast=true";

  ResourceSyncOptions {
    items = List.copyOf(items);
  }

  static ResourceSyncOptions parse(String annotationValue) {
    return new ResourceSyncOptions(AnnotationList.parse(annotationValue));
  }

  static ResourceSyncOptions of(Manifest m) {
    return parse(m.annotation(ANNOTATION).orElse(""));
  }

  boolean has(String option) {
    return items.contains(option);
  }
}
