package dev.gitopsjava.provision;

import dev.gitopsjava.provision.state.InstanceState;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a plan does to one instance, and why.
 *
 * @param key the instance slot, e.g. {@code workers-1}
 * @param action create, update, replace, delete or no-op
 * @param reason why, in words (empty for no-op): "flavor changed (openstack cannot change flavor in
 *     place)", "count is 2, index 2 is out of range", ...
 * @param before the recorded instance (after refresh), if any
 * @param after the instance as it will be recorded (status PENDING, no ID yet), if any
 * @param attributes the attributes that differ (for update and replace)
 * @param ignored attributes that differ but are left alone because the group's {@link
 *     Lifecycle#ignoreChanges()} names them
 */
public record PlannedChange(
    String key,
    ChangeAction action,
    String reason,
    Optional<InstanceState> before,
    Optional<InstanceState> after,
    List<AttributeChange> attributes,
    List<AttributeChange> ignored) {

  /** Checks the components. */
  public PlannedChange {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    attributes = List.copyOf(attributes);
    ignored = List.copyOf(ignored);
  }

  /** A change with no ignored attributes. */
  public PlannedChange(String key, ChangeAction action, String reason,
      Optional<InstanceState> before, Optional<InstanceState> after,
      List<AttributeChange> attributes) {
    this(key, action, reason, before, after, attributes, List.of());
  }

  /** The instance name this change is mostly about (the new one for create, else the old one). */
  public String name() {
    return before.map(InstanceState::name).or(() -> after.map(InstanceState::name)).orElse(key);
  }
}
