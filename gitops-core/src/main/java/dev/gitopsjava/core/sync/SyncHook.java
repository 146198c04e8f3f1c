package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a resource's hook annotations make it a hook, as Argo CD reads them.
 *
 * <p>{@code argocd.argoproj.io/hook} is a comma list of types (PreSync, Sync, PostSync, SyncFail,
 * Skip, and the deletion hooks PreDelete and PostDelete; unknown words are dropped). {@code Skip} as the only type excludes the resource from the
 * sync; otherwise any hook annotation makes the resource a hook, even one whose types are all
 * misspelt (it then runs in no phase). When no Argo CD type is recognised, {@code helm.sh/hook} is
 * read: pre-install/pre-upgrade are PreSync, post-install/post-upgrade PostSync, other Helm types
 * are hooks without a phase, and {@code crd-install} is not a hook.
 *
 * @param hook the resource is a hook (not applied as an ordinary resource)
 * @param skip the resource is left out of the sync entirely
 * @param types the recognised hook types, first-seen order, e.g. {@code [PreSync, PostSync]}
 */
public record SyncHook(boolean hook, boolean skip, List<String> types) {
  /** Argo CD's hook annotation. */
  public static final String ANNOTATION = "argocd.argoproj.io/hook";
  /** Helm's hook annotation, read when no Argo CD hook type is recognised. */
  public static final String HELM_ANNOTATION = "helm.sh/hook";
  static final String SKIP = "Skip";
  // PreDelete/PostDelete run when the application is deleted, never in a sync; they still count as
  // recognised types (so Helm's annotation is not read) but give no sync phase.
  private static final Set<String> ARGO_TYPES = Set.of("PreSync", "Sync", "PostSync", "SyncFail", SKIP,
      "PreDelete", "PostDelete");

  /** Checks the components. */
  public SyncHook {
    types = List.copyOf(types);
  }

  /** Reads a manifest's hook annotations. */
  public static SyncHook of(Manifest m) {
    return of(m.annotations());
  }

  /** Reads hook annotations; any values are accepted (untrusted input). */
  public static SyncHook of(Map<String, String> annotations) {
    String argo = annotations.get(ANNOTATION);
    String helm = annotations.get(HELM_ANNOTATION);
    List<String> types = new ArrayList<>();
    if (argo != null) {
      for (String item : AnnotationList.parse(argo)) {
        if (ARGO_TYPES.contains(item)) {
          types.add(item);
        }
      }
    }
    // Argo CD falls back to Helm's types when it recognised none of its own.
    if (types.isEmpty() && helm != null) {
      Set<String> mapped = new LinkedHashSet<>();
      for (String item : AnnotationList.parse(helm)) {
        switch (item) {
          case "pre-install", "pre-upgrade" -> mapped.add("PreSync");
          case "post-install", "post-upgrade" -> mapped.add("PostSync");
          default -> { }
        }
      }
      types.addAll(mapped);
    }
    boolean skip = types.contains(SKIP) && types.size() == 1;
    boolean hook;
    if (argo != null) {
      hook = !skip;
    } else {
      // Helm marks CRDs with crd-install, but they are not hooks.
      hook = helm != null && !helm.equals("crd-install");
    }
    return new SyncHook(hook, skip, types);
  }

  /**
   * The phases the resource gets a task in: none when skipped, its hook phases when a hook,
   * otherwise Sync.
   */
  public List<SyncPhase> phases() {
    if (skip) {
      return List.of();
    }
    if (!hook) {
      return List.of(SyncPhase.SYNC);
    }
    List<SyncPhase> phases = new ArrayList<>();
    for (String t : types) {
      SyncPhase.fromAnnotationValue(t).ifPresent(p -> {
        if (!phases.contains(p)) {
          phases.add(p);
        }
      });
    }
    return List.copyOf(phases);
  }
}
