package dev.gitopsjava.provision;

import java.util.Objects;
import java.util.Optional;

/**
 * What apply did to one instance slot.
 *
 * @param key the slot
 * @param action the planned action
 * @param succeeded whether it completed
 * @param instanceId the instance now in the slot (for create/replace/update), if any
 * @param error why it failed, naming the instance and provider
 */
public record InstanceOutcome(
    String key,
    ChangeAction action,
    boolean succeeded,
    Optional<String> instanceId,
    Optional<String> error) {

  /** Checks the components. */
  public InstanceOutcome {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(error, "error");
  }

  static InstanceOutcome ok(String key, ChangeAction action, Optional<String> id) {
    return new InstanceOutcome(key, action, true, id, Optional.empty());
  }

  static InstanceOutcome failed(String key, ChangeAction action, String error) {
    return new InstanceOutcome(key, action, false, Optional.empty(), Optional.of(error));
  }
}
