package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterException;
import dev.gitopsjava.core.cluster.ClusterUnavailableException;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.cluster.UnknownKindException;
import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.RenderResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The diff of a whole application against the cluster, built from public pieces the way the engine
 * compares: render Git, place each namespaced manifest without a namespace in the destination
 * namespace, put the application's {@link TrackingMark} on it (a sync writes it, so it is not a
 * difference), read the live object and diff with the application's {@code ignoreDifferences}.
 * Objects the application owns in the cluster that are no longer in Git are listed as prunable.
 *
 * @param commit the commit rendered
 * @param resources one diff per desired resource, in render order
 * @param prunable resources carrying the application's mark that left Git
 */
record ApplicationDiff(String commit, List<DiffResult> resources, List<ResourceKey> prunable) {

  /** True when a sync would change something. */
  boolean modified() {
    return !prunable.isEmpty() || resources.stream().anyMatch(DiffResult::modified);
  }

  static ApplicationDiff of(Application app, DesiredStateRenderer renderer, ClusterClient cluster) {
    RenderResult rendered = renderer.render(app.name(), app.source());
    TrackingMark mark = TrackingMark.of(app.name());
    Differ differ = Differ.builder().ignoreRules(app.ignoreDifferences()).build();
    String destination = app.destination().namespace();
    List<DiffResult> diffs = new ArrayList<>();
    Set<ResourceKey> desiredKeys = new HashSet<>();
    for (Manifest m : rendered.desired().all()) {
      ResourceKey key = m.key();
      Manifest placed = m;
      if (key.namespace().isEmpty() && namespaced(cluster, m)) {
        if (destination.isEmpty()) {
          throw new GitOpsException(m.origin() + ": " + key
              + " is namespaced, has no metadata.namespace and the application has no destination namespace");
        }
        placed = m.withNamespace(destination);
      }
      Manifest desired = mark.applyTo(placed);
      desiredKeys.add(desired.key());
      diffs.add(differ.diff(desired, cluster.get(desired.key())));
    }
    return new ApplicationDiff(rendered.revision().commit(), diffs, prunable(cluster, mark, desiredKeys));
  }

  private static boolean namespaced(ClusterClient cluster, Manifest m) {
    try {
      return cluster.resourceType(m.key()).namespaced();
    } catch (UnknownKindException e) {
      throw new GitOpsException(m.origin() + ": " + e.getMessage(), e);
    }
  }

  /** Owned objects (listed by label, confirmed by annotation) whose key is not desired. */
  private static List<ResourceKey> prunable(ClusterClient cluster, TrackingMark mark, Set<ResourceKey> desired) {
    Set<ResourceKey> out = new TreeSet<>();
    for (ResourceType type : cluster.resourceTypes()) {
      List<Manifest> owned;
      try {
        owned = cluster.list(type, "", mark.selector());
      } catch (ClusterUnavailableException e) {
        throw e;
      } catch (ClusterException e) {
        continue; // a type this cluster does not serve
      }
      for (Manifest live : owned) {
        if (mark.owns(live) && !desired.contains(live.key())) {
          out.add(live.key());
        }
      }
    }
    return List.copyOf(out);
  }
}
