package dev.gitopsjava.core.sync;

import java.util.Optional;

/**
 * The phase a task runs in, in execution order. Ordinary resources run in {@link #SYNC}; hooks name
 * their phases with the annotation {@code argocd.argoproj.io/hook}. {@link #SYNC_FAIL} tasks run
 * only when the sync fails.
 */
public enum SyncPhase {
  /** Before the resources are applied (hooks only). */
  PRE_SYNC("PreSync"),
  /** The resources themselves, and Sync hooks. */
  SYNC("Sync"),
  /** After every resource is applied and healthy (hooks only). */
  POST_SYNC("PostSync"),
  /** When the sync failed (hooks only). */
  SYNC_FAIL("SyncFail");

  private final String annotationValue;

  SyncPhase(String annotationValue) {
    this.annotationValue = annotationValue;
  }

  /** The name used in the hook annotation and by Argo CD, e.g. {@code PreSync}. */
  public String annotationValue() {
    return annotationValue;
  }

  /** The phase named exactly {@code value} (case-sensitive, as Argo CD reads it). */
  public static Optional<SyncPhase> fromAnnotationValue(String value) {
    for (SyncPhase p : values()) {
      if (p.annotationValue.equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return annotationValue;
  }
}
