package dev.gitopsjava.provision;

import dev.gitopsjava.provision.state.InstanceState;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints a {@link Plan} the way {@code terraform plan} does. */
final class PlanRenderer {

  private PlanRenderer() {}

  static String render(Plan plan) {
    StringBuilder out = new StringBuilder();
    out.append("Plan for instance group \"").append(plan.group().name()).append("\" (provider ")
        .append(plan.provider()).append("; state serial ").append(plan.serial())
        .append(", lineage ").append(plan.lineage()).append(")\n");
    if (!plan.targets().isEmpty()) {
      out.append("Targeted: ").append(String.join(", ", plan.targets().stream().sorted().toList()))
          .append(" (only these instances are considered)\n");
    }
    if (!plan.excludes().isEmpty()) {
      out.append("Excluded: ").append(String.join(", ", plan.excludes().stream().sorted().toList()))
          .append(" (left untouched)\n");
    }
    if (!plan.refreshNotes().isEmpty()) {
      out.append("\nRefresh found:\n");
      plan.refreshNotes().forEach(n -> out.append("  - ").append(n).append('\n'));
    }
    if (plan.refreshOnly()) {
      return refreshOnly(out, plan);
    }
    ignored(out, plan);
    List<PlannedChange> changes = plan.changes().stream()
        .filter(c -> c.action() != ChangeAction.NO_OP).toList();
    if (changes.isEmpty()) {
      out.append("\nNo changes. Your instances match the configuration.\n");
      return out.toString();
    }
    out.append("\nActions: + create, ~ update in place, -/+ replace, - destroy\n");
    int add = 0;
    int change = 0;
    int destroy = 0;
    for (PlannedChange c : changes) {
      out.append('\n');
      switch (c.action()) {
        case CREATE -> {
          add++;
          InstanceState a = c.after().orElseThrow();
          out.append("  # ").append(c.key()).append(" will be created (").append(c.reason())
              .append(")\n");
          out.append("  + instance \"").append(a.name()).append("\" {\n");
          created(out, a, plan.group().userData().length());
          out.append("    }\n");
        }
        case UPDATE -> {
          change++;
          InstanceState b = c.before().orElseThrow();
          out.append("  # ").append(c.key()).append(" will be updated in place (")
              .append(c.reason()).append(")\n");
          out.append("  ~ instance \"").append(b.name()).append("\" {\n");
          attributes(out, c);
          line(out, " ", "id", quote(b.id().orElse("?")));
          out.append("    }\n");
        }
        case REPLACE -> {
          add++;
          destroy++;
          InstanceState b = c.before().orElseThrow();
          InstanceState a = c.after().orElseThrow();
          boolean cbd = a.createBeforeDestroy();
          out.append("  # ").append(c.key()).append(" must be replaced (").append(c.reason())
              .append(")\n");
          out.append(cbd ? "+/- " : "-/+ ").append("instance \"").append(b.name())
              .append("\" -> \"").append(a.name()).append("\"")
              .append(cbd ? " (create before destroy)" : "").append(" {\n");
          attributes(out, c);
          line(out, " ", "id", quote(b.id().orElse("?")) + " -> (known after apply)");
          out.append("    }\n");
        }
        case DELETE -> {
          destroy++;
          InstanceState b = c.before().orElseThrow();
          out.append("  # ").append(c.key()).append(" will be destroyed (").append(c.reason())
              .append(")\n");
          out.append("  - instance \"").append(b.name()).append("\" {\n");
          line(out, "-", "id", quote(b.id().orElse("?")));
          if (b.flavor().equals("?")) {
            line(out, "-", "flavor_id", quote(b.flavorId()));
          } else {
            line(out, "-", "flavor", quote(b.flavor()));
          }
          out.append("    }\n");
        }
        case NO_OP -> { }
      }
    }
    out.append("\nPlan: ").append(add).append(" to add, ").append(change).append(" to change, ")
        .append(destroy).append(" to destroy.\n");
    return out.toString();
  }

  /** A refresh-only plan: the state records that change, no instance actions. */
  private static String refreshOnly(StringBuilder out, Plan plan) {
    if (plan.stateChanges().isEmpty()) {
      out.append("\nNo changes. The state matches the instances at the provider.\n");
      return out.toString();
    }
    out.append("\nRefresh-only: applying records these changes in the state and changes no "
        + "instance:\n");
    int removed = 0;
    int added = 0;
    int updated = 0;
    for (StateChange c : plan.stateChanges()) {
      switch (c.kind()) {
        case REMOVED -> {
          removed++;
          out.append("  - ").append(c.name()).append(": removed from the state (")
              .append(c.before().flatMap(InstanceState::id).orElse("no ID"))
              .append(" no longer exists)\n");
        }
        case ADDED -> {
          added++;
          out.append("  + ").append(c.name()).append(": recorded as ")
              .append(c.after().orElseThrow().status().name().toLowerCase(Locale.ROOT))
              .append('\n');
        }
        case UPDATED -> {
          updated++;
          out.append("  ~ ").append(c.name()).append(": updated from the provider: ")
              .append(String.join(", ", c.differences())).append('\n');
        }
      }
    }
    out.append("\nState: ").append(removed).append(" to remove, ").append(updated)
        .append(" to update, ").append(added)
        .append(" to add. No instance will be created, changed or destroyed.\n");
    return out.toString();
  }

  /** Differences lifecycle.ignoreChanges leaves alone, so a reader sees why nothing happens. */
  private static void ignored(StringBuilder out, Plan plan) {
    List<PlannedChange> withIgnored = plan.changes().stream()
        .filter(c -> !c.ignored().isEmpty()).toList();
    if (withIgnored.isEmpty()) {
      return;
    }
    out.append("\nIgnored (lifecycle.ignoreChanges ")
        .append(plan.group().lifecycle().ignoreChanges()).append("):\n");
    for (PlannedChange c : withIgnored) {
      out.append("  ").append(c.key()).append(": ").append(c.ignored().stream()
          .map(a -> a.attribute() + " " + a.before() + " -> " + a.after())
          .collect(Collectors.joining("; "))).append('\n');
    }
  }

  private static void created(StringBuilder out, InstanceState a, int userDataLength) {
    line(out, "+", "region", quote(a.region()));
    line(out, "+", "image", quote(a.image()) + " (" + a.imageId() + ")");
    line(out, "+", "flavor", quote(a.flavor()) + " (" + a.flavorId() + ")");
    line(out, "+", "ssh_keys", a.sshKeys().stream().map(PlanRenderer::quote)
        .collect(Collectors.joining(", ", "[", "]")));
    line(out, "+", "user_data", userDataLength == 0 ? "(none)"
        : "(sha256:" + Planner.abbreviate(a.userDataSha256()) + ", " + userDataLength
            + " chars)");
    line(out, "+", "labels", labels(Ownership.withoutOwnership(a.labels())));
    line(out, "+", "id", "(known after apply)");
  }

  private static void attributes(StringBuilder out, PlannedChange c) {
    for (AttributeChange a : c.attributes()) {
      String before = a.attribute().equals("labels") ? "" : a.before();
      String after = a.attribute().equals("labels") ? "" : a.after();
      if (a.attribute().equals("labels")) {
        before = labels(Ownership.withoutOwnership(c.before().orElseThrow().labels()));
        after = labels(Ownership.withoutOwnership(c.after().orElseThrow().labels()));
        if (before.equals(after)) {
          before = "(ownership labels differ)";
        }
      } else if (!a.attribute().equals("user_data") && !a.attribute().equals("ssh_keys")) {
        before = quote(before);
        after = quote(after);
      }
      out.append("      ~ ").append(String.format("%-9s", a.attribute())).append(" = ").append(before).append(" -> ")
          .append(after).append(a.forcesReplacement() ? " # forces replacement" : "").append('\n');
    }
  }

  private static void line(StringBuilder out, String sign, String name, String value) {
    out.append("      ").append(sign).append(' ').append(String.format("%-9s", name)).append(" = ")
        .append(value).append('\n');
  }

  private static String labels(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + " = " + quote(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
