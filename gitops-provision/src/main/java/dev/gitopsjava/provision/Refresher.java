package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads the provider's real objects and folds them into the stored state: instances deleted by
 * hand disappear, broken ones are tainted, creates interrupted before their ID was recorded are
 * found by name and ownership labels, and instances carrying this state's labels but no record
 * (orphans) are recorded as deposed so the plan destroys them.
 */
final class Refresher {

  record Refreshed(State state, List<String> notes) {}

  private Refresher() {}

  static Refreshed refresh(ComputeProvider provider, Retrier retrier, State stored, InstanceGroup g) {
    return refresh(provider, retrier, stored, g, key -> true);
  }

  /** Refreshes only the slots {@code selected} accepts; other records stay as stored. */
  static Refreshed refresh(ComputeProvider provider, Retrier retrier, State stored, InstanceGroup g,
      Predicate<String> selected) {
    State state = stored;
    List<String> notes = new ArrayList<>();
    for (InstanceState r : stored.instances()) {
      if (!selected.test(r.key())) {
        continue;
      }
      Optional<ProviderInstance> live;
      if (r.id().isPresent()) {
        String id = r.id().get();
        live = retrier.call("refresh " + r.name(), () -> provider.get(r.region(), id));
        if (live.isEmpty()) {
          notes.add(r.name() + " (" + id + ") no longer exists at the provider");
          state = state.without(r.name());
          continue;
        }
      } else {
        live = findByName(provider, retrier, state.lineage(), g.name(), r);
        if (live.isEmpty()) {
          notes.add("the create of " + r.name() + " was never confirmed and it does not exist");
          state = state.without(r.name());
          continue;
        }
        notes.add("found " + r.name() + " (" + live.get().id()
            + ") created by an interrupted apply; adopted, not created again");
      }
      state = state.with(observe(r, live.get(), notes));
    }
    Set<String> known = new HashSet<>();
    state.instances().forEach(i -> i.id().ifPresent(known::add));
    Set<String> regions = new LinkedHashSet<>();
    regions.add(g.region());
    stored.instances().forEach(i -> regions.add(i.region()));
    for (String region : regions) {
      List<ProviderInstance> owned = retrier.call("list " + g.name() + " in " + region,
          () -> provider.list(region, Ownership.group(stored.lineage(), g.name())));
      for (ProviderInstance orphan : owned) {
        String orphanKey = orphan.labels().getOrDefault(Ownership.INSTANCE, orphan.name());
        if (selected.test(orphanKey) && known.add(orphan.id())) {
          notes.add("found " + orphan.name() + " (" + orphan.id() + ") with this state's "
              + "ownership labels but no record; it will be destroyed");
          state = state.with(new InstanceState(orphanKey, orphan.name(), 1,
              Optional.of(orphan.id()),
              InstanceState.Status.DEPOSED, orphan.region(), "?", orphan.imageId(), "?",
              orphan.flavorId(), List.of(), "", orphan.labels(), false));
        }
      }
    }
    return new Refreshed(state, notes);
  }

  /** The record updated with what the provider reports. */
  static InstanceState observe(InstanceState r, ProviderInstance live, List<String> notes) {
    if (!r.flavorId().equals(live.flavorId())) {
      notes.add(r.name() + ": flavor_id changed outside gitops-provision: " + r.flavorId()
          + " -> " + live.flavorId());
    }
    if (!r.imageId().equals(live.imageId())) {
      notes.add(r.name() + ": image_id changed outside gitops-provision: " + r.imageId()
          + " -> " + live.imageId());
    }
    if (!r.labels().equals(live.labels())) {
      notes.add(r.name() + ": labels changed outside gitops-provision");
    }
    InstanceState next = r.withId(live.id())
        .withObserved(live.region(), live.imageId(), live.flavorId(), live.labels());
    if (live.status() == ProviderInstance.Status.ERROR
        && r.status() != InstanceState.Status.DEPOSED) {
      notes.add(r.name() + " (" + live.id() + ") is in ERROR at the provider; tainted");
      return next.withStatus(InstanceState.Status.TAINTED);
    }
    if (r.status() == InstanceState.Status.PENDING
        && (live.status() == ProviderInstance.Status.ACTIVE
            || live.status() == ProviderInstance.Status.STOPPED)) {
      return next.withStatus(InstanceState.Status.READY);
    }
    return next;
  }

  static Optional<ProviderInstance> findByName(ComputeProvider provider, Retrier retrier,
      String lineage, String group, InstanceState r) {
    List<ProviderInstance> found = retrier.call("look up " + r.name(),
        () -> provider.list(r.region(), Ownership.instance(lineage, group, r.key())));
    return found.stream().filter(i -> i.name().equals(r.name())).findFirst();
  }
}
