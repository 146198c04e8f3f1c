package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.state.State;
import java.util.List;
import java.util.Set;

/**
 * A computed plan: what apply will do to each instance, and why. A value: print it with {@link
 * #render()}, save it with {@link PlanFile}, apply it later with {@link Provisioner#apply(Plan)},
 * which refuses it if the state's lineage or serial changed since (like OpenTofu's "Saved plan is
 * stale").
 *
 * <p>A refresh-only plan ({@link PlanCommand#refreshOnly(boolean)}) changes no instance: its
 * {@link #changes()} are empty and its {@link #stateChanges()} say how applying it rewrites the
 * state to match the provider.
 */
public final class Plan {

  private final PlanInput input;
  private final List<PlannedChange> changes;
  private final List<StateChange> stateChanges;

  Plan(PlanInput input) {
    this.input = input;
    this.stateChanges = StateChange.between(input.stored(), input.prior());
    if (input.refreshOnly()) {
      this.changes = List.of();
      return;
    }
    List<PlannedChange> all = Planner.diff(input);
    List<PlannedChange> selected =
        Planner.select(all, input.targets(), input.excludes(), input.group());
    Planner.checkPreventDestroy(selected, input.group());
    this.changes = selected;
  }

  PlanInput input() {
    return input;
  }

  /** The spec this plan was made from. */
  public InstanceGroup group() {
    return input.group();
  }

  /** One entry per instance slot considered (no-ops included). */
  public List<PlannedChange> changes() {
    return changes;
  }

  /**
   * True when applying would change anything: an instance, or for a refresh-only plan the state.
   */
  public boolean hasChanges() {
    if (input.refreshOnly()) {
      return !stateChanges.isEmpty();
    }
    return changes.stream().anyMatch(c -> c.action() != ChangeAction.NO_OP);
  }

  /** True for a refresh-only plan: it only brings the state in line with the provider. */
  public boolean refreshOnly() {
    return input.refreshOnly();
  }

  /** How refresh changed the stored state's records (written by any apply of this plan). */
  public List<StateChange> stateChanges() {
    return stateChanges;
  }

  /** The state lineage this plan is bound to. */
  public String lineage() {
    return input.prior().lineage();
  }

  /** The state serial this plan is bound to (0 when there was no state yet). */
  public long serial() {
    return input.prior().serial();
  }

  /** The state after refresh, before any change. */
  public State priorState() {
    return input.prior();
  }

  /** True for a destroy plan. */
  public boolean destroy() {
    return input.destroy();
  }

  /** The {@code -target} selection, empty for all instances. */
  public Set<String> targets() {
    return input.targets();
  }

  /** The {@code -exclude} selection: instances left untouched. */
  public Set<String> excludes() {
    return input.excludes();
  }

  /** What refresh found that differs from the stored state (drift, adopted instances). */
  public List<String> refreshNotes() {
    return input.notes();
  }

  /** The provider name and version the plan was made with. */
  public String provider() {
    return input.providerName() + " " + input.providerVersion();
  }

  /** Attributes the provider changes in place (others force a replace). */
  public Set<InstanceAttribute> updatableInPlace() {
    return input.updatable();
  }

  /** Terraform-like text: one block per change, then a summary line. */
  public String render() {
    return PlanRenderer.render(this);
  }

  @Override
  public String toString() {
    return "Plan[group=" + input.group().name() + ", lineage=" + lineage() + ", serial="
        + serial() + ", changes=" + changes.stream()
            .filter(c -> c.action() != ChangeAction.NO_OP)
            .map(c -> c.key() + ":" + c.action()).toList() + "]";
  }
}
