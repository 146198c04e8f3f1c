package dev.gitopsjava.core.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects read from the cluster for one application, keyed by {@link ResourceKey}.
 *
 * @param objects the live objects, unique by key
 */
public record LiveState(Map<ResourceKey, Manifest> objects) {

  /** Checks the components. */
  public LiveState {
    objects = Collections.unmodifiableMap(new LinkedHashMap<>(objects));
  }

  /** Builds a live state from objects; a later object with the same key replaces an earlier one. */
  public static LiveState of(List<Manifest> objects) {
    Map<ResourceKey, Manifest> byKey = new LinkedHashMap<>();
    for (Manifest m : objects) {
      byKey.put(m.key(), m);
    }
    return new LiveState(byKey);
  }

  /** The live object with this key. */
  public Optional<Manifest> get(ResourceKey key) {
    return Optional.ofNullable(objects.get(key));
  }

  /** All live objects. */
  public Collection<Manifest> all() {
    return objects.values();
  }
}
