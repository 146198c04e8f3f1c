package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.State;
import java.util.List;
import java.util.Optional;

/**
 * Applies a {@link Plan}: takes the lock, checks the plan still fits the stored state (same
 * lineage, same serial), writes the refreshed state, then carries out the changes, writing state
 * after every step. A refresh-only plan stops after the refreshed state (serial + 1). Single use.
 */
public final class ApplyCommand {

  private final Provisioner provisioner;
  private final Plan plan;
  private boolean called;

  ApplyCommand(Provisioner provisioner, Plan plan) {
    this.provisioner = provisioner;
    this.plan = plan;
  }

  /**
   * @return per-instance outcomes; check {@link ApplyResult#succeeded()}
   * @throws StalePlanException if the state moved on since the plan was made
   * @throws dev.gitopsjava.provision.state.StateLockedException if the state is locked
   */
  public ApplyResult call() {
    if (called) {
      throw new IllegalStateException("an ApplyCommand runs once");
    }
    called = true;
    ComputeProvider provider = provisioner.provider(plan.group());
    String planned = plan.input().providerName() + " " + plan.input().providerVersion();
    if (!planned.equals(provider.name() + " " + provider.version())) {
      throw new StalePlanException("the plan was made with provider " + planned
          + ", but " + provider.name() + " " + provider.version() + " is installed; plan again");
    }
    try (LockHandle handle = provisioner.acquire(
        plan.destroy() ? "destroy" : plan.refreshOnly() ? "refresh" : "apply")) {
      Optional<State> stored = provisioner.store().read();
      checkFits(stored);
      if (!plan.hasChanges()) {
        return new ApplyResult(List.of(), stored.orElse(plan.priorState()));
      }
      StateWriter writer = new StateWriter(provisioner.store(), handle, plan.priorState());
      writer.update(s -> s);
      if (plan.refreshOnly()) {
        return new ApplyResult(List.of(), writer.current());
      }
      Applier applier = new Applier(plan, provider, provisioner.retrier(), writer,
          provisioner.clock(), provisioner.retryPolicy(), provisioner.parallelism());
      List<InstanceOutcome> outcomes = applier.run();
      return new ApplyResult(outcomes, writer.current());
    }
  }

  private void checkFits(Optional<State> stored) {
    String where = provisioner.store().location();
    if (!plan.input().stateExists()) {
      if (stored.isPresent()) {
        throw new StalePlanException("Saved plan does not match the given state: " + where
            + " was created (lineage " + stored.get().lineage() + ") after the plan was made; "
            + "plan again");
      }
      return;
    }
    if (stored.isEmpty()) {
      throw new StalePlanException("Saved plan does not match the given state: " + where
          + " no longer exists; plan again");
    }
    State s = stored.get();
    if (!s.lineage().equals(plan.lineage())) {
      throw new StalePlanException("Saved plan does not match the given state: " + where
          + " has lineage " + s.lineage() + ", the plan was made for " + plan.lineage());
    }
    if (s.serial() != plan.serial()) {
      throw new StalePlanException("Saved plan is stale: " + where + " is at serial "
          + s.serial() + ", the plan was made at serial " + plan.serial() + "; plan again");
    }
  }
}
