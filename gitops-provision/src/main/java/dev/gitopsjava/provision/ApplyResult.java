package dev.gitopsjava.provision;

import dev.gitopsjava.provision.state.State;
import java.util.List;

/**
 * The outcome of an apply, per instance: some may have failed while others succeeded (there is no
 * rollback). The state holds every finished step; re-plan and apply to finish the rest.
 *
 * @param outcomes one per planned change (no-ops left out)
 * @param state the state as last written
 */
public record ApplyResult(List<InstanceOutcome> outcomes, State state) {

  /** Checks the components. */
  public ApplyResult {
    outcomes = List.copyOf(outcomes);
  }

  /** True when every change succeeded. */
  public boolean succeeded() {
    return outcomes.stream().allMatch(InstanceOutcome::succeeded);
  }

  /** The changes that failed. */
  public List<InstanceOutcome> failures() {
    return outcomes.stream().filter(o -> !o.succeeded()).toList();
  }

  /** "Apply complete! Resources: 3 added, 0 changed, 0 destroyed." in Terraform's words. */
  public String summary() {
    int added = 0;
    int changed = 0;
    int destroyed = 0;
    for (InstanceOutcome o : outcomes) {
      if (!o.succeeded()) {
        continue;
      }
      switch (o.action()) {
        case CREATE -> added++;
        case UPDATE -> changed++;
        case REPLACE -> {
          added++;
          destroyed++;
        }
        case DELETE -> destroyed++;
        case NO_OP -> { }
      }
    }
    String counts = "Resources: " + added + " added, " + changed + " changed, " + destroyed
        + " destroyed.";
    if (succeeded()) {
      return "Apply complete! " + counts;
    }
    StringBuilder b = new StringBuilder("Apply failed for " + failures().size() + " instance(s). "
        + counts);
    failures().forEach(f -> b.append("\n  ").append(f.key()).append(": ")
        .append(f.error().orElse("")));
    return b.toString();
  }
}
