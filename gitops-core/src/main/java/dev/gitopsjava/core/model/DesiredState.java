package dev.gitopsjava.core.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The manifests of one application at one commit, keyed by {@link ResourceKey}.
 *
 * @param commit the full commit SHA the manifests were read from ({@code ""} when not from Git)
 * @param manifests the manifests in render order, unique by key
 */
public record DesiredState(String commit, Map<ResourceKey, Manifest> manifests) {

  /** Checks the components. */
  public DesiredState {
    Objects.requireNonNull(commit, "commit");
    manifests = Collections.unmodifiableMap(new LinkedHashMap<>(manifests));
  }

  /**
   * Builds a desired state from manifests in render order.
   *
   * @throws InvalidManifestException if two manifests share a key; the message names both origins
   */
  public static DesiredState of(String commit, List<Manifest> manifests) {
    Map<ResourceKey, Manifest> byKey = new LinkedHashMap<>();
    for (Manifest m : manifests) {
      Manifest previous = byKey.putIfAbsent(m.key(), m);
      if (previous != null) {
        throw new InvalidManifestException(m.origin().file(), m.origin().documentIndex(), 0,
            "duplicate resource " + m.key() + ", also defined in " + previous.origin());
      }
    }
    return new DesiredState(commit, byKey);
  }

  /** The manifest with this key. */
  public Optional<Manifest> get(ResourceKey key) {
    return Optional.ofNullable(manifests.get(key));
  }

  /** All manifests in render order. */
  public Collection<Manifest> all() {
    return manifests.values();
  }

  /** Number of manifests. */
  public int size() {
    return manifests.size();
  }

  /** True when nothing was rendered. */
  public boolean isEmpty() {
    return manifests.isEmpty();
  }
}
