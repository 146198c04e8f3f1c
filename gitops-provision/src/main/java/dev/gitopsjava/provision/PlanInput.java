package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.state.State;
import java.util.List;
import java.util.Set;

/**
 * Everything a plan is computed from, after refresh. A saved plan stores exactly this and
 * recomputes its changes with {@link Planner}.
 */
record PlanInput(
    InstanceGroup group,
    String providerName,
    String providerVersion,
    Set<InstanceAttribute> updatable,
    String imageId,
    String flavorId,
    State prior,
    boolean stateExists,
    boolean destroy,
    Set<String> targets,
    List<String> notes) {

  PlanInput {
    updatable = Set.copyOf(updatable);
    targets = Set.copyOf(targets);
    notes = List.copyOf(notes);
  }
}
