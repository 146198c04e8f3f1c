package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A task while the plan is being built; phase and wave may still change (prune mirroring,
 * PruneLast, dependency moves). Turned into an immutable {@link SyncTask} at the end.
 */
final class PlannedTask {
  final ResourceKey key;
  final boolean prune;
  /** For a CRD task: {@code spec.group/spec.names.kind} of the kind it defines. */
  final @Nullable String definesGroupKind;
  SyncPhase phase;
  int wave;
  // Only set for tasks built from manifests (not in comparator-only tests).
  @Nullable SyncAction action;
  @Nullable Manifest desired;
  @Nullable Manifest live;
  SyncTask.Role role = SyncTask.Role.RESOURCE;
  String reason = "";

  PlannedTask(ResourceKey key, SyncPhase phase, int wave, boolean prune, @Nullable String definesGroupKind) {
    this.key = key;
    this.phase = phase;
    this.wave = wave;
    this.prune = prune;
    this.definesGroupKind = definesGroupKind;
  }

  /** A task for a desired manifest. */
  static PlannedTask forDesired(Manifest desired, @Nullable Manifest live, SyncPhase phase, SyncAction action,
      SyncTask.Role role) {
    PlannedTask t = new PlannedTask(desired.key(), phase, SyncWaveAnnotation.of(desired), false,
        crdDefinedKind(desired.key(), desired.tree()));
    t.desired = desired;
    t.live = live;
    t.action = action;
    t.role = role;
    return t;
  }

  /** A prune task for a live object; its wave is read from the live object. */
  static PlannedTask forPrune(Manifest live, SyncAction action, String reason) {
    PlannedTask t = new PlannedTask(live.key(), SyncPhase.SYNC, SyncWaveAnnotation.of(live), true, null);
    t.live = live;
    t.action = action;
    t.reason = reason;
    return t;
  }

  /** {@code spec.group/spec.names.kind} when the object is an apiextensions CRD, else null. */
  static @Nullable String crdDefinedKind(ResourceKey key, JsonNode tree) {
    if (!key.group().equals("apiextensions.k8s.io") || !key.kind().equals("CustomResourceDefinition")) {
      return null;
    }
    JsonNode spec = tree.path("spec");
    return spec.path("group").asString("") + "/" + spec.path("names").path("kind").asString("");
  }

  /** True for a desired core-group Namespace (a dependency of everything in it). */
  boolean isNamespace() {
    return !prune && key.group().isEmpty() && key.kind().equals("Namespace");
  }

  SyncTask toSyncTask() {
    if (action == null) {
      throw new IllegalStateException("task " + key + " was built without an action");
    }
    return new SyncTask(key, action, phase, wave, Optional.ofNullable(desired), Optional.ofNullable(live), role,
        reason);
  }

  @Override
  public String toString() {
    return phase + "/" + wave + " " + key + (prune ? " (prune)" : "");
  }
}
