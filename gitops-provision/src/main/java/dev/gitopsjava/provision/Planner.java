package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The pure part of planning: refreshed state + spec + resolved IDs in, one {@link PlannedChange}
 * per instance slot out. No I/O, so a saved plan recomputes exactly the same changes.
 */
final class Planner {

  private Planner() {}

  static List<PlannedChange> diff(PlanInput in) {
    InstanceGroup g = in.group();
    State prior = in.prior();
    List<String> desired = in.destroy() ? List.of() : g.keys();
    List<PlannedChange> changes = new ArrayList<>();
    Set<String> slots = new LinkedHashSet<>(desired);
    prior.instances().forEach(i -> slots.add(i.key()));

    for (String key : slots) {
      List<InstanceState> records = prior.slot(key);
      Optional<InstanceState> current = records.stream()
          .filter(r -> r.status() != InstanceState.Status.DEPOSED)
          .max((a, b) -> Integer.compare(a.generation(), b.generation()));
      for (InstanceState r : records) {
        if (r.status() == InstanceState.Status.DEPOSED || (current.isPresent() && r != current.get())) {
          changes.add(new PlannedChange(key, ChangeAction.DELETE,
              "deposed (replaced earlier, or found at the provider with this state's ownership "
                  + "labels but not tracked)",
              Optional.of(r), Optional.empty(), List.of()));
        }
      }
      int maxGeneration = records.stream().mapToInt(InstanceState::generation).max().orElse(0);
      if (!desired.contains(key)) {
        current.ifPresent(r -> changes.add(new PlannedChange(key, ChangeAction.DELETE,
            in.destroy() ? "destroy requested"
                : "count is " + g.count() + ", so slot " + key + " is no longer wanted",
            Optional.of(r), Optional.empty(), List.of())));
        continue;
      }
      if (current.isEmpty()) {
        changes.add(new PlannedChange(key, ChangeAction.CREATE,
            maxGeneration == 0 ? "new instance" : "instance no longer exists at the provider",
            Optional.empty(), Optional.of(wanted(in, key, Math.max(1, maxGeneration + 1))),
            List.of()));
        continue;
      }
      InstanceState r = current.get();
      if (r.status() == InstanceState.Status.PENDING) {
        changes.add(new PlannedChange(key, ChangeAction.CREATE,
            "resume: a create was started" + r.id().map(id -> " (" + id + ")").orElse("")
                + " but not confirmed",
            Optional.of(r), Optional.of(wanted(in, key, r.generation())), List.of()));
        continue;
      }
      List<AttributeChange> ignored = new ArrayList<>();
      List<AttributeChange> attrs = compare(in, r, key, ignored);
      boolean forces = attrs.stream().anyMatch(AttributeChange::forcesReplacement);
      if (r.status() == InstanceState.Status.TAINTED) {
        changes.add(new PlannedChange(key, ChangeAction.REPLACE,
            "tainted (its create failed or the provider reports it in ERROR)",
            Optional.of(r), Optional.of(wanted(in, key, maxGeneration + 1)), attrs, ignored));
      } else if (forces) {
        List<String> names = attrs.stream().filter(AttributeChange::forcesReplacement)
            .map(AttributeChange::attribute).toList();
        changes.add(new PlannedChange(key, ChangeAction.REPLACE,
            String.join(", ", names) + " changed; " + in.providerName() + " cannot change "
                + (names.size() == 1 ? "it" : "them") + " in place",
            Optional.of(r), Optional.of(wanted(in, key, maxGeneration + 1)), attrs, ignored));
      } else if (!attrs.isEmpty()) {
        changes.add(new PlannedChange(key, ChangeAction.UPDATE,
            String.join(", ", attrs.stream().map(AttributeChange::attribute).toList())
                + " changed; updated in place",
            Optional.of(r),
            Optional.of(withLabelsOf(r, wanted(in, key, r.generation()), g.lifecycle())),
            attrs, ignored));
      } else {
        changes.add(new PlannedChange(key, ChangeAction.NO_OP, "", Optional.of(r), Optional.of(r),
            List.of(), ignored));
      }
    }
    return List.copyOf(changes);
  }

  /**
   * An in-place update keeps everything but the labels; with {@code labels} ignored, only the
   * ownership labels are set and the user's stay as they are.
   */
  private static InstanceState withLabelsOf(InstanceState current, InstanceState wanted,
      Lifecycle lifecycle) {
    if (!lifecycle.ignores(InstanceAttribute.LABELS)) {
      return current.withLabels(wanted.labels());
    }
    Map<String, String> labels = new TreeMap<>(Ownership.withoutOwnership(current.labels()));
    labels.putAll(Ownership.marks(wanted.labels()));
    return current.withLabels(labels);
  }

  /** The record the spec asks for in slot {@code key}, before it exists. */
  static InstanceState wanted(PlanInput in, String key, int generation) {
    InstanceGroup g = in.group();
    return new InstanceState(key, Ownership.name(key, generation), generation, Optional.empty(),
        InstanceState.Status.PENDING, g.region(), g.image(), in.imageId(), g.flavor(),
        in.flavorId(), g.sshKeys(), sha256(g.userData()),
        Ownership.labels(g, in.prior().lineage(), key), g.lifecycle().createBeforeDestroy());
  }

  /**
   * The attributes of {@code r} that differ from the spec; those the lifecycle ignores go to
   * {@code ignored} instead.
   */
  private static List<AttributeChange> compare(PlanInput in, InstanceState r, String key,
      List<AttributeChange> ignored) {
    InstanceGroup g = in.group();
    Differences d = new Differences(in.updatable(), g.lifecycle(), ignored);
    if (!r.region().equals(g.region())) {
      d.add(InstanceAttribute.REGION, "region", r.region(), g.region());
    }
    if (!r.image().equals(g.image())) {
      d.add(InstanceAttribute.IMAGE, "image", r.image(), g.image());
    } else if (!r.imageId().equals(in.imageId())) {
      d.add(InstanceAttribute.IMAGE, "image_id", r.imageId(), in.imageId());
    }
    if (!r.flavor().equals(g.flavor())) {
      d.add(InstanceAttribute.FLAVOR, "flavor", r.flavor(), g.flavor());
    } else if (!r.flavorId().equals(in.flavorId())) {
      d.add(InstanceAttribute.FLAVOR, "flavor_id", r.flavorId(), in.flavorId());
    }
    if (!Set.copyOf(r.sshKeys()).equals(Set.copyOf(g.sshKeys()))) {
      d.add(InstanceAttribute.SSH_KEYS, "ssh_keys", r.sshKeys().toString(),
          g.sshKeys().toString());
    }
    String hash = sha256(g.userData());
    if (!r.userDataSha256().equals(hash)) {
      d.add(InstanceAttribute.USER_DATA, "user_data", "sha256:" + abbreviate(r.userDataSha256()),
          "sha256:" + abbreviate(hash));
    }
    Map<String, String> wantedLabels = Ownership.labels(g, in.prior().lineage(), key);
    if (!r.labels().equals(wantedLabels)) {
      if (g.lifecycle().ignores(InstanceAttribute.LABELS)
          && !Ownership.marks(r.labels()).equals(Ownership.marks(wantedLabels))) {
        // The ownership marks are the engine's, not the user's: they are never ignored.
        d.effective.add(new AttributeChange("labels", new TreeMap<>(r.labels()).toString(),
            new TreeMap<>(wantedLabels).toString(),
            !in.updatable().contains(InstanceAttribute.LABELS)));
      } else {
        d.add(InstanceAttribute.LABELS, "labels", new TreeMap<>(r.labels()).toString(),
            new TreeMap<>(wantedLabels).toString());
      }
    }
    return d.effective;
  }

  /** Sorts attribute differences into those acted on and those the lifecycle ignores. */
  private static final class Differences {
    final List<AttributeChange> effective = new ArrayList<>();
    private final Set<InstanceAttribute> inPlace;
    private final Lifecycle lifecycle;
    private final List<AttributeChange> ignored;

    Differences(Set<InstanceAttribute> inPlace, Lifecycle lifecycle,
        List<AttributeChange> ignored) {
      this.inPlace = inPlace;
      this.lifecycle = lifecycle;
      this.ignored = ignored;
    }

    void add(InstanceAttribute attribute, String name, String before, String after) {
      AttributeChange c = new AttributeChange(name, before, after, !inPlace.contains(attribute));
      (lifecycle.ignores(attribute) ? ignored : effective).add(c);
    }
  }

  static String abbreviate(String hex) {
    return hex.length() <= 12 ? hex : hex.substring(0, 12);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * Keeps only the changes for {@code targets} (slot keys or {@code group[i]}; all when empty),
   * then drops those for {@code excludes} (Terraform's {@code -exclude}); checks both.
   */
  static List<PlannedChange> select(List<PlannedChange> changes, Set<String> targets,
      Set<String> excludes, InstanceGroup g) {
    Set<String> known = new LinkedHashSet<>();
    changes.forEach(c -> known.add(c.key()));
    Predicate<String> selected = selection(known, targets, excludes, g);
    return changes.stream().filter(c -> selected.test(c.key())).toList();
  }

  /**
   * Which of the {@code known} slots {@code targets} and {@code excludes} select; every selector
   * must name a known slot, and no slot may be both targeted and excluded.
   */
  static Predicate<String> selection(Set<String> known, Set<String> targets,
      Set<String> excludes, InstanceGroup g) {
    Map<String, String> targeted = slots(known, targets, "target", g);
    Map<String, String> excluded = slots(known, excludes, "exclude", g);
    for (Map.Entry<String, String> e : excluded.entrySet()) {
      if (targeted.containsKey(e.getKey())) {
        throw new SpecException("target " + targeted.get(e.getKey()) + " and exclude "
            + e.getValue() + " both name instance " + e.getKey() + " of group " + g.name()
            + "; give one or the other");
      }
    }
    return key -> (targeted.isEmpty() || targeted.containsKey(key))
        && !excluded.containsKey(key);
  }

  /** Slot key to the selector that named it; every selector must match a known slot. */
  private static Map<String, String> slots(Set<String> known, Set<String> selectors,
      String option, InstanceGroup g) {
    Map<String, String> keys = new TreeMap<>();
    for (String t : selectors) {
      String key = t.matches(".+\\[\\d+]")
          ? t.substring(0, t.indexOf('[')) + "-" + t.substring(t.indexOf('[') + 1, t.length() - 1)
          : t;
      if (!known.contains(key)) {
        throw new SpecException(option + " " + t + " matches no instance of group " + g.name());
      }
      keys.put(key, t);
    }
    return keys;
  }

  /** Refuses a plan that destroys instances of a group with prevent_destroy. */
  static void checkPreventDestroy(List<PlannedChange> changes, InstanceGroup g) {
    if (!g.lifecycle().preventDestroy()) {
      return;
    }
    List<String> destroyed = changes.stream().filter(c -> c.action().destroys())
        .map(c -> c.key() + " (" + c.action().name().toLowerCase(Locale.ROOT) + ")").toList();
    if (!destroyed.isEmpty()) {
      throw new PreventDestroyException(g.name(), destroyed);
    }
  }
}
