package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource of an application for the health roll-up: what Git wants and what the cluster has.
 *
 * @param key the resource
 * @param desired the manifest from Git; empty for a live object no longer in Git
 * @param live the object in the cluster; empty when missing
 */
public record ManagedResource(ResourceKey key, Optional<Manifest> desired, Optional<Manifest> live) {
  /** Checks the components. */
  public ManagedResource {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(live, "live");
  }

  /** A resource from its desired and/or live object (at least one); the key is taken from them. */
  public static ManagedResource of(Optional<Manifest> desired, Optional<Manifest> live) {
    ResourceKey key = desired.or(() -> live).map(Manifest::key)
        .orElseThrow(() -> new IllegalArgumentException("a managed resource needs a desired or a live object"));
    return new ManagedResource(key, desired, live);
  }

  /** A resource that is only in the cluster. */
  public static ManagedResource live(Manifest live) {
    return new ManagedResource(live.key(), Optional.empty(), Optional.of(live));
  }

  /** A resource that is desired and in the cluster. */
  public static ManagedResource of(Manifest desired, Manifest live) {
    return new ManagedResource(live.key(), Optional.of(desired), Optional.of(live));
  }

  /** A resource that is desired but not in the cluster. */
  public static ManagedResource missing(Manifest desired) {
    return new ManagedResource(desired.key(), Optional.of(desired), Optional.empty());
  }
}
