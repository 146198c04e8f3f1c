package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/**
 * When a hook object is deleted, read from {@code argocd.argoproj.io/hook-delete-policy} (a comma
 * list) and Helm's {@code helm.sh/hook-delete-policy}, as Argo CD reads them: the two are combined,
 * unknown words are dropped, and a hook naming no policy gets {@link #BEFORE_HOOK_CREATION}.
 */
public enum HookDeletePolicy {
  /**
   * Delete the existing hook object before creating it again, so a named hook runs on every sync.
   * For a {@code generateName} hook the earlier runs (owned objects of the same kind, namespace and
   * {@code generateName}) are deleted too; Argo CD leaves those behind.
   */
  BEFORE_HOOK_CREATION("BeforeHookCreation", "before-hook-creation"),
  /** Delete the hook objects once the sync succeeded. */
  HOOK_SUCCEEDED("HookSucceeded", "hook-succeeded"),
  /** Delete the hook objects once the sync failed (SyncFail hooks included, after they ran). */
  HOOK_FAILED("HookFailed", "hook-failed");

  /** Argo CD's delete-policy annotation. */
  public static final String ANNOTATION = "argocd.argoproj.io/hook-delete-policy";
  /** Helm's delete-policy annotation. */
  public static final String HELM_ANNOTATION = "helm.sh/hook-delete-policy";

  private final String argoValue;
  private final String helmValue;

  HookDeletePolicy(String argoValue, String helmValue) {
    this.argoValue = argoValue;
    this.helmValue = helmValue;
  }

  /** The value as written in Argo CD's annotation, e.g. {@code HookSucceeded}. */
  public String annotationValue() {
    return argoValue;
  }

  /** The policies of a hook manifest; never empty. */
  public static Set<HookDeletePolicy> of(Manifest hook) {
    Set<HookDeletePolicy> policies = EnumSet.noneOf(HookDeletePolicy.class);
    hook.annotation(ANNOTATION).ifPresent(v -> addNamed(policies, v, p -> p.argoValue));
    hook.annotation(HELM_ANNOTATION).ifPresent(v -> addNamed(policies, v, p -> p.helmValue));
    if (policies.isEmpty()) {
      policies.add(BEFORE_HOOK_CREATION);
    }
    return Set.copyOf(policies);
  }

  private static void addNamed(Set<HookDeletePolicy> into, String list, Function<HookDeletePolicy, String> word) {
    for (String item : AnnotationList.parse(list)) {
      for (HookDeletePolicy p : values()) {
        if (word.apply(p).equals(item)) {
          into.add(p);
        }
      }
    }
  }

  @Override
  public String toString() {
    return argoValue;
  }
}
