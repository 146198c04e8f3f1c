package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.state.State;
import java.util.List;
import java.util.Set;

/**
 * Everything a plan is computed from, after refresh. A saved plan stores exactly this and
 * recomputes its changes with {@link Planner}. {@code stored} is the state as read, before
 * refresh; {@code prior} the refreshed one.
 */
record PlanInput(
    InstanceGroup group,
    String providerName,
    String providerVersion,
    Set<InstanceAttribute> updatable,
    String imageId,
    String flavorId,
    State stored,
    State prior,
    boolean stateExists,
    boolean destroy,
    boolean refreshOnly,
    Set<String> targets,
    Set<String> excludes,
    List<String> notes) {

  PlanInput {
    updatable = Set.copyOf(updatable);
    targets = Set.copyOf(targets);
    excludes = Set.copyOf(excludes);
    notes = List.copyOf(notes);
  }
}
