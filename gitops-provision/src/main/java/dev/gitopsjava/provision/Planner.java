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
      List<AttributeChange> attrs = compare(in, r, key);
      boolean forces = attrs.stream().anyMatch(AttributeChange::forcesReplacement);
      if (r.status() == InstanceState.Status.TAINTED) {
        changes.add(new PlannedChange(key, ChangeAction.REPLACE,
            "tainted (its create failed or the provider reports it in ERROR)",
            Optional.of(r), Optional.of(wanted(in, key, maxGeneration + 1)), attrs));
      } else if (forces) {
        List<String> names = attrs.stream().filter(AttributeChange::forcesReplacement)
            .map(AttributeChange::attribute).toList();
        changes.add(new PlannedChange(key, ChangeAction.REPLACE,
            String.join(", ", names) + " changed; " + in.providerName() + " cannot change "
                + (names.size() == 1 ? "it" : "them") + " in place",
            Optional.of(r), Optional.of(wanted(in, key, maxGeneration + 1)), attrs));
      } else if (!attrs.isEmpty()) {
        changes.add(new PlannedChange(key, ChangeAction.UPDATE,
            String.join(", ", attrs.stream().map(AttributeChange::attribute).toList())
                + " changed; updated in place",
            Optional.of(r), Optional.of(withLabelsOf(r, wanted(in, key, r.generation()))), attrs));
      } else {
        changes.add(new PlannedChange(key, ChangeAction.NO_OP, "", Optional.of(r), Optional.of(r),
            List.of()));
      }
    }
    return List.copyOf(changes);
  }

  /** An in-place update keeps everything but the labels. */
  private static InstanceState withLabelsOf(InstanceState current, InstanceState wanted) {
    return current.withLabels(wanted.labels());
  }

  /** The record the spec asks for in slot {@code key}, before it exists. */
  static InstanceState wanted(PlanInput in, String key, int generation) {
    InstanceGroup g = in.group();
    return new InstanceState(key, Ownership.name(key, generation), generation, Optional.empty(),
        InstanceState.Status.PENDING, g.region(), g.image(), in.imageId(), g.flavor(),
        in.flavorId(), g.sshKeys(), sha256(g.userData()),
        Ownership.labels(g, in.prior().lineage(), key), g.lifecycle().createBeforeDestroy());
  }

  private static List<AttributeChange> compare(PlanInput in, InstanceState r, String key) {
    InstanceGroup g = in.group();
    Set<InstanceAttribute> inPlace = in.updatable();
    List<AttributeChange> out = new ArrayList<>();
    if (!r.region().equals(g.region())) {
      out.add(change(InstanceAttribute.REGION, "region", r.region(), g.region(), inPlace));
    }
    if (!r.image().equals(g.image())) {
      out.add(change(InstanceAttribute.IMAGE, "image", r.image(), g.image(), inPlace));
    } else if (!r.imageId().equals(in.imageId())) {
      out.add(change(InstanceAttribute.IMAGE, "image_id", r.imageId(), in.imageId(), inPlace));
    }
    if (!r.flavor().equals(g.flavor())) {
      out.add(change(InstanceAttribute.FLAVOR, "flavor", r.flavor(), g.flavor(), inPlace));
    } else if (!r.flavorId().equals(in.flavorId())) {
      out.add(change(InstanceAttribute.FLAVOR, "flavor_id", r.flavorId(), in.flavorId(), inPlace));
    }
    if (!Set.copyOf(r.sshKeys()).equals(Set.copyOf(g.sshKeys()))) {
      out.add(change(InstanceAttribute.SSH_KEYS, "ssh_keys", r.sshKeys().toString(),
          g.sshKeys().toString(), inPlace));
    }
    String hash = sha256(g.userData());
    if (!r.userDataSha256().equals(hash)) {
      out.add(change(InstanceAttribute.USER_DATA, "user_data", "sha256:" + abbreviate(r.userDataSha256()),
          "sha256:" + abbreviate(hash), inPlace));
    }
    Map<String, String> wantedLabels = Ownership.labels(g, in.prior().lineage(), key);
    if (!r.labels().equals(wantedLabels)) {
      out.add(change(InstanceAttribute.LABELS, "labels",
          new TreeMap<>(r.labels()).toString(), new TreeMap<>(wantedLabels).toString(), inPlace));
    }
    return out;
  }

  private static AttributeChange change(InstanceAttribute attribute, String name, String before,
      String after, Set<InstanceAttribute> inPlace) {
    return new AttributeChange(name, before, after, !inPlace.contains(attribute));
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

  /** Keeps only the changes for {@code targets} (slot keys or {@code group[i]}); checks them. */
  static List<PlannedChange> target(List<PlannedChange> changes, Set<String> targets,
      InstanceGroup g) {
    if (targets.isEmpty()) {
      return changes;
    }
    Set<String> keys = new LinkedHashSet<>();
    for (String t : targets) {
      String key = t.matches(".+\\[\\d+]")
          ? t.substring(0, t.indexOf('[')) + "-" + t.substring(t.indexOf('[') + 1, t.length() - 1)
          : t;
      if (changes.stream().noneMatch(c -> c.key().equals(key))) {
        throw new SpecException("target " + t + " matches no instance of group " + g.name());
      }
      keys.add(key);
    }
    return changes.stream().filter(c -> keys.contains(c.key())).toList();
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
