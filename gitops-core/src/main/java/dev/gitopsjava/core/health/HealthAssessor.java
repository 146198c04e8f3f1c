package dev.gitopsjava.core.health;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import dev.gitopsjava.core.sync.SyncHook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assesses the health of live objects and of whole applications, after Argo CD's rules.
 *
 * <pre>{@code
 * HealthAssessor health = HealthAssessor.builder()
 *     .loadServices()                 // HealthChecks listed in META-INF/services
 *     .register(widgetCheck)          // and checks the embedder adds
 *     .build();
 * Optional<HealthStatus> status = health.assess(liveDeployment);
 * ApplicationHealth app = health.assessApplication(resources);
 * }</pre>
 *
 * <p>Order of rules for one object: an object being deleted ({@code metadata.deletionTimestamp},
 * without Argo CD's hook finalizer) is Progressing "Pending deletion"; then the custom check with
 * the highest priority that applies (on a tie, the one registered last); then the built-in check
 * for the object's group and kind; otherwise the object has no health. A check that throws gives
 * Unknown with the exception's message. Instances are immutable and thread-safe.
 */
public final class HealthAssessor {
  private static final Logger LOG = LoggerFactory.getLogger(HealthAssessor.class);
  static final String HOOK_FINALIZER = "argocd.argoproj.io/hook-finalizer";
  static final String IGNORE_HEALTHCHECK = "argocd.argoproj.io/ignore-healthcheck";
  private static final List<HealthCheck> BUILT_IN = List.of(
      new DeploymentHealth(), new StatefulSetHealth(), new DaemonSetHealth(), new ReplicaSetHealth(),
      new PodHealth(), new JobHealth(), new PersistentVolumeClaimHealth(), new ServiceHealth(),
      new IngressHealth(), new ApiServiceHealth(), new HorizontalPodAutoscalerHealth(),
      new NamespaceHealth(), new RolloutHealth(), new WorkflowHealth());

  private final List<HealthCheck> custom;
  private final Set<String> tiesReported = ConcurrentHashMap.newKeySet();

  private HealthAssessor(List<HealthCheck> customInOrder) {
    // Stable sort: highest priority first, later registrations before earlier ones on a tie.
    List<HealthCheck> reversed = new ArrayList<>(customInOrder);
    java.util.Collections.reverse(reversed);
    reversed.sort(Comparator.comparingInt(HealthCheck::priority).reversed());
    this.custom = List.copyOf(reversed);
  }

  /** The built-in checks only. */
  public static HealthAssessor builtIn() {
    return new HealthAssessor(List.of());
  }

  /**
   * The built-in checks plus every {@link HealthCheck} found with {@link ServiceLoader}. Loads the
   * services on each call: keep the instance.
   */
  public static HealthAssessor withServices() {
    return builder().loadServices().build();
  }

  /** A builder for adding custom checks. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The health of one live object, or empty when no check applies to its group and kind (a
   * ConfigMap, a custom resource without a registered check).
   */
  public Optional<HealthStatus> assess(Manifest live) {
    Objects.requireNonNull(live, "live");
    if (beingDeleted(live)) {
      return Optional.of(HealthStatus.progressing("Pending deletion"));
    }
    return checkFor(live.key()).map(check -> run(check, live));
  }

  /** True when some check (custom or built-in) applies to this group and kind. */
  public boolean hasCheck(ResourceKey key) {
    return checkFor(key).isPresent();
  }

  /**
   * Folds the health of an application's resources into the application's health, as Argo CD's
   * controller does:
   * <ul>
   *   <li>resources whose desired manifest says {@code argocd.argoproj.io/hook: Skip}, live hooks,
   *       and live objects annotated {@code argocd.argoproj.io/ignore-healthcheck: "true"} are left
   *       out;</li>
   *   <li>a resource not in the cluster is Missing; it lowers the application to Missing only when
   *       nothing of the application is in the cluster;</li>
   *   <li>a child {@code argoproj.io/Application} that is Missing or Unknown is left out;</li>
   *   <li>otherwise the worst status wins, in the order of {@link HealthCode}; resources without a
   *       health check do not count. No resources at all is Healthy.</li>
   * </ul>
   */
  public ApplicationHealth assessApplication(List<ManagedResource> resources) {
    HealthCode app = HealthCode.HEALTHY;
    List<ResourceKey> causes = new ArrayList<>();
    List<ResourceHealth> recorded = new ArrayList<>(resources.size());
    boolean anyResource = false;
    boolean anyLive = false;
    for (ManagedResource r : resources) {
      Optional<HealthStatus> health = Optional.empty();
      try {
        if (r.desired().isPresent() && SyncHook.of(r.desired().get()).skip()) {
          continue;
        }
        if (r.live().isPresent() && SyncHook.of(r.live().get()).hook()) {
          continue;
        }
        anyResource = true;
        anyLive |= r.live().isPresent();
        if (r.live().isPresent() && r.live().get().annotation(IGNORE_HEALTHCHECK).orElse("").equals("true")) {
          continue;
        }
        health = r.live().isPresent() ? assess(r.live().get()) : Optional.of(HealthStatus.missing());
        if (health.isEmpty()) {
          continue;
        }
        HealthCode code = health.get().status();
        // Missing counts only when nothing is live (below).
        if (code == HealthCode.MISSING) {
          continue;
        }
        if (r.key().group().equals("argoproj.io") && r.key().kind().equals("Application")
            && code == HealthCode.UNKNOWN) {
          continue;
        }
        if (code.isWorseThan(app)) {
          app = code;
          causes.clear();
          causes.add(r.key());
        } else if (code == app && code != HealthCode.HEALTHY) {
          causes.add(r.key());
        }
      } finally {
        recorded.add(new ResourceHealth(r.key(), health));
      }
    }
    if (anyResource && !anyLive && HealthCode.MISSING.isWorseThan(app)) {
      app = HealthCode.MISSING;
      causes.clear();
    }
    return new ApplicationHealth(app, recorded, causes);
  }

  private Optional<HealthCheck> checkFor(ResourceKey key) {
    HealthCheck chosen = null;
    for (HealthCheck c : custom) {
      if (c.appliesTo(key)) {
        if (chosen == null) {
          chosen = c;
        } else {
          if (c.priority() == chosen.priority() && tiesReported.add(key.groupKind())) {
            LOG.info("health checks {} and {} both apply to {} with priority {}; using {}", chosen.getClass().getName(),
                c.getClass().getName(), key.groupKind(), c.priority(), chosen.getClass().getName());
          }
          break;
        }
      }
    }
    if (chosen != null) {
      return Optional.of(chosen);
    }
    for (HealthCheck c : BUILT_IN) {
      if (c.appliesTo(key)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static HealthStatus run(HealthCheck check, Manifest live) {
    try {
      return Objects.requireNonNull(check.assess(live), () -> check.getClass().getName() + " returned null");
    } catch (RuntimeException e) {
      return HealthStatus.unknown(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private static boolean beingDeleted(Manifest live) {
    var deletion = live.tree().path("metadata").path("deletionTimestamp");
    if (deletion.isMissingNode() || deletion.isNull()) {
      return false;
    }
    for (var finalizer : live.tree().path("metadata").path("finalizers")) {
      if (HOOK_FINALIZER.equals(finalizer.asString())) {
        return false;
      }
    }
    return true;
  }

  /** Builder: custom checks in registration order. */
  public static final class Builder {
    private final List<HealthCheck> checks = new ArrayList<>();
    private boolean servicesLoaded;

    private Builder() {}

    /** Adds every {@link HealthCheck} listed in {@code META-INF/services}; once only. */
    public Builder loadServices() {
      if (servicesLoaded) {
        throw new IllegalStateException("loadServices() was already called");
      }
      servicesLoaded = true;
      for (HealthCheck c : ServiceLoader.load(HealthCheck.class)) {
        checks.add(c);
      }
      return this;
    }

    /** Adds a check; it wins over earlier ones of the same priority that apply to the same kind. */
    public Builder register(HealthCheck check) {
      checks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /** Builds the {@code HealthAssessor}. */
    public HealthAssessor build() {
      return new HealthAssessor(checks);
    }
  }
}
