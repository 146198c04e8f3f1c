package dev.gitopsjava.core.health;

/**
 * A health status, declared from best to worst as Argo CD orders them: an application takes the
 * worst status of its resources.
 */
public enum HealthCode {
  /** The resource is working as intended. */
  HEALTHY("Healthy"),
  /** The resource is paused or suspended on purpose (a paused Deployment, a suspended Job). */
  SUSPENDED("Suspended"),
  /** The resource is not healthy yet but may become so (a rollout in progress). */
  PROGRESSING("Progressing"),
  /** The resource is desired but not in the cluster. */
  MISSING("Missing"),
  /** The resource failed or cannot become healthy without a change (a crash loop, a failed Job). */
  DEGRADED("Degraded"),
  /** The assessment failed. */
  UNKNOWN("Unknown");

  private final String displayName;

  HealthCode(String displayName) {
    this.displayName = displayName;
  }

  /** The name Argo CD shows, e.g. {@code Progressing}. */
  public String displayName() {
    return displayName;
  }

  /** True when this status is worse than {@code other} in Argo CD's order. */
  public boolean isWorseThan(HealthCode other) {
    return ordinal() > other.ordinal();
  }

  /** The worse of two statuses. */
  public static HealthCode worst(HealthCode a, HealthCode b) {
    return a.isWorseThan(b) ? a : b;
  }

  /** The status with this display name ({@code Healthy}, ...), case-sensitive. */
  public static java.util.Optional<HealthCode> fromDisplayName(String name) {
    for (HealthCode c : values()) {
      if (c.displayName.equals(name)) {
        return java.util.Optional.of(c);
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
