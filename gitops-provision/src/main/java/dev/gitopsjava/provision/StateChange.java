package dev.gitopsjava.provision;

import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one instance record of the state differs from what the provider reports: what a
 * refresh-only plan shows and its apply writes (Terraform's {@code -refresh-only}).
 *
 * @param name the instance name
 * @param kind removed (gone at the provider), added (found at the provider) or updated
 * @param before the stored record, if any
 * @param after the refreshed record, if any
 */
public record StateChange(String name, Kind kind, Optional<InstanceState> before,
    Optional<InstanceState> after) {

  /** What happens to the record. */
  public enum Kind {
    /** The instance no longer exists at the provider; the record is dropped. */
    REMOVED,
    /** The provider has an instance the state did not record (or had not confirmed). */
    ADDED,
    /** The provider reports other attributes or another status. */
    UPDATED
  }

  /** Checks the components. */
  public StateChange {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /**
   * For an update, what the provider reports differently, e.g. {@code flavor_id "fl-8" ->
   * "fl-16"}; empty for an added or removed record.
   */
  public List<String> differences() {
    if (before.isEmpty() || after.isEmpty()) {
      return List.of();
    }
    InstanceState b = before.get();
    InstanceState a = after.get();
    List<String> out = new ArrayList<>();
    difference(out, "id", b.id().orElse("(none)"), a.id().orElse("(none)"));
    difference(out, "status", b.status().name(), a.status().name());
    difference(out, "region", b.region(), a.region());
    difference(out, "image_id", b.imageId(), a.imageId());
    difference(out, "flavor_id", b.flavorId(), a.flavorId());
    difference(out, "labels", new TreeMap<>(b.labels()).toString(),
        new TreeMap<>(a.labels()).toString());
    return out;
  }

  private static void difference(List<String> out, String field, String before, String after) {
    if (!before.equals(after)) {
      out.add(field + " \"" + before + "\" -> \"" + after + "\"");
    }
  }

  /** The record-by-record differences from {@code stored} to {@code refreshed}, by name. */
  static List<StateChange> between(State stored, State refreshed) {
    List<StateChange> out = new ArrayList<>();
    for (InstanceState s : stored.instances()) {
      Optional<InstanceState> r = refreshed.instance(s.name());
      if (r.isEmpty()) {
        out.add(new StateChange(s.name(), Kind.REMOVED, Optional.of(s), Optional.empty()));
      } else if (!r.get().equals(s)) {
        out.add(new StateChange(s.name(), Kind.UPDATED, Optional.of(s), r));
      }
    }
    for (InstanceState r : refreshed.instances()) {
      if (stored.instance(r.name()).isEmpty()) {
        out.add(new StateChange(r.name(), Kind.ADDED, Optional.empty(), Optional.of(r)));
      }
    }
    return List.copyOf(out);
  }
}
