package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.InstanceAttribute;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Terraform's {@code lifecycle} arguments that matter for instances.
 *
 * @param preventDestroy refuse any plan that would destroy an instance of the group (delete or
 *     replace)
 * @param createBeforeDestroy on replace, create the new instance first and delete the old one after
 * @param ignoreChanges spec attributes whose difference between the spec and a recorded instance
 *     never causes an update or a replace (Terraform's {@code ignore_changes}): {@code region},
 *     {@code image}, {@code flavor}, {@code sshKeys}, {@code userData}, {@code labels}, or {@code
 *     all}. New instances (create, and replacements forced by another attribute) still get the
 *     spec's values. Ignoring {@code labels} keeps the engine's ownership labels enforced.
 */
public record Lifecycle(boolean preventDestroy, boolean createBeforeDestroy,
    Set<String> ignoreChanges) {

  /** The value of {@link #ignoreChanges} that ignores every attribute. */
  public static final String ALL = "all";

  /** The spec attribute names {@link #ignoreChanges} accepts (besides {@link #ALL}). */
  static final Map<String, InstanceAttribute> ATTRIBUTES = attributes();

  /** Checks the components. */
  public Lifecycle {
    Objects.requireNonNull(ignoreChanges, "ignoreChanges");
    for (String a : ignoreChanges) {
      if (!ALL.equals(a) && !ATTRIBUTES.containsKey(a)) {
        throw new IllegalArgumentException("lifecycle.ignoreChanges: unknown attribute \"" + a
            + "\"; known: " + String.join(", ", ATTRIBUTES.keySet()) + ", " + ALL);
      }
    }
    ignoreChanges = Collections.unmodifiableSortedSet(new TreeSet<>(ignoreChanges));
  }

  /** Without ignored attributes. */
  public Lifecycle(boolean preventDestroy, boolean createBeforeDestroy) {
    this(preventDestroy, createBeforeDestroy, Set.of());
  }

  /** Both off, nothing ignored, as in Terraform. */
  public static Lifecycle defaults() {
    return new Lifecycle(false, false);
  }

  /** This lifecycle ignoring changes to {@code attributes} (spec names, or {@code all}). */
  public Lifecycle ignoringChanges(String... attributes) {
    return new Lifecycle(preventDestroy, createBeforeDestroy, Set.of(attributes));
  }

  /** True if differences in {@code attribute} must not change a recorded instance. */
  public boolean ignores(InstanceAttribute attribute) {
    return ignoreChanges.contains(ALL)
        || ignoreChanges.contains(specName(attribute));
  }

  /** The spec field name of {@code attribute}, as {@link #ignoreChanges} spells it. */
  static String specName(InstanceAttribute attribute) {
    return ATTRIBUTES.entrySet().stream().filter(e -> e.getValue() == attribute)
        .map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  private static Map<String, InstanceAttribute> attributes() {
    Map<String, InstanceAttribute> m = new LinkedHashMap<>();
    List.of(InstanceAttribute.values()).forEach(a -> m.put(switch (a) {
      case REGION -> "region";
      case IMAGE -> "image";
      case FLAVOR -> "flavor";
      case SSH_KEYS -> "sshKeys";
      case USER_DATA -> "userData";
      case LABELS -> "labels";
    }, a));
    return Collections.unmodifiableMap(m);
  }
}
