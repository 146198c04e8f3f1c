package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.State;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Makes a {@link Plan}: takes the lock, reads the state, checks the provider against the spec's
 * constraint and the dependency lock file, resolves image and flavor, refreshes, diffs. Single use.
 *
 * <p>If a dependency lock file is configured, a plan creates it when missing and adds entries for
 * names it has not seen (trust on first use, like {@code terraform init}); a pinned value that
 * changed stops the plan unless {@link #upgradeLock(boolean)} is set.
 */
public final class PlanCommand {

  private final Provisioner provisioner;
  private final InstanceGroup group;
  private final Set<String> targets = new LinkedHashSet<>();
  private final Set<String> excludes = new LinkedHashSet<>();
  private boolean destroy;
  private boolean refreshOnly;
  private boolean upgradeLock;
  private boolean called;

  PlanCommand(Provisioner provisioner, InstanceGroup group) {
    this.provisioner = provisioner;
    this.group = group;
  }

  /**
   * Limits the plan to these slots ({@code workers-1} or {@code workers[1]}); for exceptional
   * cases, as Terraform's {@code -target}.
   */
  public PlanCommand target(String... slots) {
    targets.addAll(List.of(slots));
    return this;
  }

  /**
   * Leaves these slots untouched ({@code workers-1} or {@code workers[1]}), as Terraform's {@code
   * -exclude}; naming a slot that is also a {@link #target} is an error.
   */
  public PlanCommand exclude(String... slots) {
    excludes.addAll(List.of(slots));
    return this;
  }

  /**
   * Only refreshes: reads the real instances and plans to record how they differ from the state
   * (gone, changed, found), changing no instance; as Terraform's {@code -refresh-only}. With
   * {@link #target} or {@link #exclude}, only the selected slots are refreshed. Not combinable with
   * destroy.
   */
  public PlanCommand refreshOnly(boolean only) {
    this.refreshOnly = only;
    return this;
  }

  /** Plans to destroy every instance. */
  public PlanCommand destroy(boolean all) {
    this.destroy = all;
    return this;
  }

  /** Accepts a new provider version or new image/flavor IDs and rewrites the lock file. */
  public PlanCommand upgradeLock(boolean upgrade) {
    this.upgradeLock = upgrade;
    return this;
  }

  /**
   * @throws dev.gitopsjava.provision.state.StateLockedException if the state is locked
   * @throws LockFileMismatchException if the provider or an ID moved away from the lock file
   * @throws PreventDestroyException if the plan would destroy protected instances
   */
  @SuppressWarnings("try") // the lock is held for the try block's duration, not used in it
  public Plan call() {
    if (called) {
      throw new IllegalStateException("a PlanCommand runs once");
    }
    called = true;
    if (refreshOnly && destroy) {
      throw new SpecException("group " + group.name() + ": a refresh-only plan cannot be combined "
          + "with destroy; it changes no instance");
    }
    ComputeProvider provider = provisioner.provider(group);
    int userDataBytes = group.userData().getBytes(StandardCharsets.UTF_8).length;
    if (!destroy && !refreshOnly && userDataBytes > provider.maxUserDataBytes()) {
      throw new SpecException("group " + group.name() + ": userData is " + userDataBytes
          + " bytes, provider " + provider.name() + " accepts at most "
          + provider.maxUserDataBytes());
    }
    Retrier retrier = provisioner.retrier();
    try (LockHandle ignored = provisioner.acquire(
        destroy ? "destroy-plan" : refreshOnly ? "refresh-plan" : "plan")) {
      Optional<State> stored = provisioner.store().read();
      State prior = stored.orElseGet(State::empty);
      String imageId = "";
      String flavorId = "";
      if (!destroy && !refreshOnly) {
        imageId = retrier.call("resolve image " + group.image(),
            () -> provider.resolveImage(group.region(), group.image()));
        flavorId = retrier.call("resolve flavor " + group.flavor(),
            () -> provider.resolveFlavor(group.region(), group.flavor()));
        checkDependencyLock(provider, imageId, flavorId);
      }
      Predicate<String> selected = key -> true;
      if (refreshOnly) {
        // Only the selected slots are refreshed, so only their records can change.
        Set<String> known = new LinkedHashSet<>(group.keys());
        prior.instances().forEach(i -> known.add(i.key()));
        selected = Planner.selection(known, targets, excludes, group);
      }
      Refresher.Refreshed refreshed = Refresher.refresh(provider, retrier, prior, group, selected);
      return new Plan(new PlanInput(group, provider.name(), provider.version(),
          provider.updatableInPlace(), imageId, flavorId, prior, refreshed.state(),
          stored.isPresent(), destroy, refreshOnly, targets, excludes, refreshed.notes()));
    }
  }

  private void checkDependencyLock(ComputeProvider provider, String imageId, String flavorId) {
    Optional<Path> path = provisioner.dependencyLockPath();
    if (path.isEmpty()) {
      return;
    }
    Optional<DependencyLock> existing = DependencyLock.read(path.get());
    String imageKey = DependencyLock.key(group.region(), group.image());
    String flavorKey = DependencyLock.key(group.region(), group.flavor());
    if (existing.isPresent() && !upgradeLock) {
      DependencyLock l = existing.get();
      if (!l.providerName().equals(provider.name())) {
        throw new LockFileMismatchException(path.get() + " pins provider " + l.providerName()
            + ", but the spec uses " + provider.name() + "; re-plan with the lock upgrade to "
            + "switch");
      }
      if (!l.providerVersion().equals(provider.version())) {
        throw new LockFileMismatchException(path.get() + " pins provider " + l.providerName()
            + " " + l.providerVersion() + ", but version " + provider.version()
            + " is installed; re-plan with the lock upgrade to accept it");
      }
      mismatch(path.get(), "image", imageKey, l.images().get(imageKey), imageId);
      mismatch(path.get(), "flavor", flavorKey, l.flavors().get(flavorKey), flavorId);
    }
    Map<String, String> images = new HashMap<>(existing.map(DependencyLock::images).orElse(Map.of()));
    Map<String, String> flavors =
        new HashMap<>(existing.map(DependencyLock::flavors).orElse(Map.of()));
    images.put(imageKey, imageId);
    flavors.put(flavorKey, flavorId);
    DependencyLock next = new DependencyLock(provider.name(), provider.version(),
        group.provider().version(), images, flavors);
    if (existing.isEmpty() || !existing.get().equals(next)) {
      next.write(path.get());
    }
  }

  private static void mismatch(Path file, String what, String key, String locked, String now) {
    if (locked != null && !locked.equals(now)) {
      throw new LockFileMismatchException(file + ": " + what + " " + key + " now resolves to "
          + now + ", but the lock file pins " + locked + "; re-plan with the lock upgrade to "
          + "accept it (instances built from the old " + what + " will be replaced)");
    }
  }
}
