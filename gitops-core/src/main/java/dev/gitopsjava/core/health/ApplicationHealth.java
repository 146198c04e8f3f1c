package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The health of an application: the worst health of its resources.
 *
 * @param status the application's status
 * @param resources the health of each resource, in the order given
 * @param causes the resources whose status is the application's status, in the order given; empty
 *     when the application is Healthy or Missing
 */
public record ApplicationHealth(HealthCode status, List<ResourceHealth> resources, List<ResourceKey> causes) {
  /** How many causes {@link #causesMessage()} names before "and N more". */
  static final int CAUSES_LISTED = 3;

  /** Checks the components. */
  public ApplicationHealth {
    Objects.requireNonNull(status, "status");
    resources = List.copyOf(resources);
    causes = List.copyOf(causes);
  }

  /**
   * E.g. {@code Caused by apps/Deployment:shop/web, Pod:shop/web-1 and 2 more}; {@code ""} when
   * there are no causes.
   */
  public String causesMessage() {
    return formatCauses(causes);
  }

  /** The same roll-up without the per-resource health (for callers that do not store it). */
  public ApplicationHealth withoutResourceHealth() {
    return new ApplicationHealth(status, resources.stream()
        .map(r -> new ResourceHealth(r.key(), Optional.empty())).toList(), causes);
  }

  /**
   * Formats causes as Argo CD does: {@code group/Kind:namespace/name} (no group for the core group,
   * no namespace for cluster-scoped resources), the first three listed, then "and N more".
   */
  public static String formatCauses(List<ResourceKey> causes) {
    if (causes.isEmpty()) {
      return "";
    }
    String listed = causes.stream().limit(CAUSES_LISTED).map(ApplicationHealth::reference)
        .collect(Collectors.joining(", "));
    int more = causes.size() - CAUSES_LISTED;
    return "Caused by " + listed + (more > 0 ? " and " + more + " more" : "");
  }

  private static String reference(ResourceKey key) {
    String kind = key.group().isEmpty() ? key.kind() : key.group() + "/" + key.kind();
    String name = key.namespace().isEmpty() ? key.name() : key.namespace() + "/" + key.name();
    return kind + ":" + name;
  }
}
