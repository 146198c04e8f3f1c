package dev.gitopsjava.provision.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * What the engine knows about the instances it manages, as written to the state file.
 *
 * <p>{@code serial} goes up by one on every write; {@code lineage} is a UUID chosen when the state
 * is first created and never changed, so serials are only comparable within one lineage (the same
 * rules as Terraform/OpenTofu). A saved plan is bound to both.
 *
 * @param serial the number of writes so far
 * @param lineage identity of this state's history
 * @param instances one record per instance, in a stable order (by name)
 */
public record State(long serial, String lineage, List<InstanceState> instances) {

  /** The version of the JSON layout this code writes. */
  public static final int FORMAT_VERSION = 1;

  /** Checks the components. */
  public State {
    if (serial < 0) {
      throw new IllegalArgumentException("serial must not be negative: " + serial);
    }
    Objects.requireNonNull(lineage, "lineage");
    if (lineage.isBlank()) {
      throw new IllegalArgumentException("lineage must not be blank");
    }
    List<InstanceState> sorted = new ArrayList<>(instances);
    sorted.sort((a, b) -> a.name().compareTo(b.name()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
        throw new IllegalArgumentException("two instances named " + sorted.get(i).name());
      }
    }
    instances = List.copyOf(sorted);
  }

  /** A new, empty state with a random lineage and serial 0. */
  public static State empty() {
    return new State(0, UUID.randomUUID().toString(), List.of());
  }

  /** The instance record named {@code name}. */
  public Optional<InstanceState> instance(String name) {
    return instances.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** The records for instance slot {@code key} (more than one while a replacement is deposed). */
  public List<InstanceState> slot(String key) {
    return instances.stream().filter(i -> i.key().equals(key)).toList();
  }

  /** This state with {@code record} added or replacing the record of the same name. */
  public State with(InstanceState record) {
    List<InstanceState> next = new ArrayList<>(instances);
    next.removeIf(i -> i.name().equals(record.name()));
    next.add(record);
    return new State(serial, lineage, next);
  }

  /** This state without the record named {@code name}. */
  public State without(String name) {
    return filter(i -> !i.name().equals(name));
  }

  /** This state keeping only the records {@code keep} accepts. */
  public State filter(Predicate<InstanceState> keep) {
    return new State(serial, lineage, instances.stream().filter(keep).toList());
  }

  /** The same content with {@code serial} as its serial. */
  public State withSerial(long newSerial) {
    return new State(newSerial, lineage, instances);
  }
}
