package dev.gitopsjava.core.shard;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.GitOps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a sharded engine: every replica is told about every application, and each manages
 * only those that hash to it. Membership is a Lease per replica in {@code namespace}, labelled with
 * the group; a replica that stops renewing drops out after one lease duration and its applications
 * go to the others. Only the departed replica's applications move (rendezvous hashing).
 *
 * <pre>{@code
 * try (GitOps engine = GitOps.builder().cluster(ClusterClient.fabric8(k8s)).renderer(renderer).build();
 *      ShardedGitOps replica = ShardedGitOps.builder(engine, k8s)
 *          .namespace("gitops").group("payments").identity(System.getenv("POD_NAME"))
 *          .leaseDuration(Duration.ofSeconds(15)).renewInterval(Duration.ofSeconds(5))
 *          .build()) {
 *   applications.forEach(replica::manage);   // the same list on every replica
 * }
 * }</pre>
 *
 * <p>At most one replica reconciles an application at a time: a replica whose own renewals fail
 * for {@code leaseDuration - renewInterval} stops all its applications before the others can
 * consider it gone; a replica that gains an application from a live member (a member joined) waits
 * {@code handoverDelay} so the previous owner has seen the change and stopped; one gained from a
 * departed member is taken at once. A refresh already running when its owner stops is finished
 * first ({@link GitOps#unmanage} waits for it), so a refresh longer than {@code handoverDelay} can
 * overlap a handover to a joining replica; choose {@code handoverDelay} above your longest sync.
 */
public final class ShardedGitOps implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedGitOps.class);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final GitOps engine;
  private final LeaseMembership membership;
  private final String identity;
  private final Duration renewInterval;
  private final Duration ownDeadline;
  private final Duration handoverDelay;
  private final boolean releaseOnClose;
  private final Clock clock;
  private final ScheduledExecutorService renewer;
  private final ScheduledExecutorService assigner;
  private final Object lock = new Object();
  private final Map<String, Application> catalog = new ConcurrentHashMap<>();
  private final Set<String> local = ConcurrentHashMap.newKeySet();
  private final Map<String, Claim> claims = new HashMap<>();
  private final Map<String, String> lastOwner = new HashMap<>();
  private volatile Set<String> members = Set.of();
  private volatile boolean closed;

  /** Since when an application has been assigned to this replica, and whether from a departed one. */
  private record Claim(Instant since, boolean fromDeparted) {}

  private ShardedGitOps(Builder b, String identity, String namespace) {
    this.engine = b.engine;
    this.identity = identity;
    this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
    Duration lease = b.leaseDuration == null ? Duration.ofSeconds(15) : b.leaseDuration;
    this.renewInterval = b.renewInterval == null ? lease.dividedBy(3) : b.renewInterval;
    if (renewInterval.compareTo(lease) >= 0) {
      throw new IllegalArgumentException("renewInterval " + renewInterval + " must be shorter than leaseDuration " + lease);
    }
    this.ownDeadline = lease.minus(renewInterval);
    this.handoverDelay = b.handoverDelay == null ? renewInterval.multipliedBy(2) : b.handoverDelay;
    this.releaseOnClose = b.releaseOnClose;
    this.membership = new LeaseMembership(b.kubernetes, namespace, b.group, identity, lease, clock);
    this.renewer = Executors.newSingleThreadScheduledExecutor(named("gitops-shard-renew-" + identity));
    this.assigner = Executors.newSingleThreadScheduledExecutor(named("gitops-shard-assign-" + identity));
    long every = Math.max(1, renewInterval.toMillis());
    renewer.scheduleWithFixedDelay(this::renewAndObserve, 0, every, TimeUnit.MILLISECONDS);
    assigner.scheduleWithFixedDelay(this::assignQuietly, every / 2, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts configuring a replica.
   *
   * @param engine the local engine that reconciles this replica's applications
   * @param kubernetes a client for the cluster that holds the Leases
   */
  public static Builder builder(GitOps engine, KubernetesClient kubernetes) {
    return new Builder(Objects.requireNonNull(engine, "engine"), Objects.requireNonNull(kubernetes, "kubernetes"));
  }

  /** Adds or updates an application of the group; the engine manages it here if it hashes to this replica. */
  public void manage(Application application) {
    Objects.requireNonNull(application, "application");
    synchronized (lock) {
      catalog.put(application.name(), application);
      if (local.contains(application.name())) {
        engine.manage(application);
      }
    }
    assigner.execute(this::assignQuietly);
  }

  /**
   * Removes an application from the group (and from the local engine if it is managed here).
   *
   * @return false if it was not in the group
   */
  public boolean unmanage(String application) {
    synchronized (lock) {
      boolean known = catalog.remove(application) != null;
      claims.remove(application);
      if (local.remove(application)) {
        engine.unmanage(application);
      }
      return known;
    }
  }

  /** The applications this replica manages now. */
  public Set<String> owned() {
    return Set.copyOf(local);
  }

  /** The live members as this replica last saw them (itself included while its Lease is renewed). */
  public Set<String> members() {
    return members;
  }

  /** This replica's identity (the holder of its Lease). */
  public String identity() {
    return identity;
  }

  /**
   * Stops renewing, stops managing this replica's applications in the local engine and, unless
   * {@link Builder#releaseOnClose(boolean) releaseOnClose(false)}, deletes its Lease so the others
   * take over at once. The engine itself is not closed.
   */
  @Override
  public void close() {
    closed = true;
    renewer.shutdownNow();
    assigner.shutdownNow();
    try {
      renewer.awaitTermination(10, TimeUnit.SECONDS);
      assigner.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      for (String app : Set.copyOf(local)) {
        engine.unmanage(app);
      }
      local.clear();
    }
    if (releaseOnClose) {
      membership.release();
    }
  }

  private void renewAndObserve() {
    if (closed) {
      return;
    }
    membership.renew();
    try {
      members = membership.members(ownDeadline);
    } catch (KubernetesClientException e) {
      LOG.warn("shard {}: listing Leases failed: HTTP {} {}", identity, e.getCode(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("shard {}: observing members failed", identity, e);
    }
  }

  private void assignQuietly() {
    try {
      assign();
    } catch (RuntimeException e) {
      LOG.warn("shard {}: assigning applications failed", identity, e);
    }
  }

  /** Brings the local engine in line with the member view: drop what moved away, take what came. */
  private void assign() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      Instant renewed = membership.lastRenewed();
      boolean fenced = renewed == null || Duration.between(renewed, now).compareTo(ownDeadline) >= 0;
      Set<String> view = fenced ? Set.of() : members;
      if (fenced && !local.isEmpty()) {
        LOG.warn("shard {}: Lease not renewed for {}; stopping {} applications", identity, ownDeadline, local.size());
      }
      for (Application app : catalog.values()) {
        String name = app.name();
        String owner = RendezvousHash.owner(name, view).orElse("");
        String previous = lastOwner.put(name, owner);
        if (!owner.equals(identity)) {
          claims.remove(name);
          if (local.remove(name)) {
            LOG.info("shard {}: application {} moves to {}", identity, name, owner.isEmpty() ? "nobody" : owner);
            engine.unmanage(name);
          }
          continue;
        }
        if (local.contains(name)) {
          continue;
        }
        Claim claim = claims.computeIfAbsent(name, n -> new Claim(now,
            previous != null && !previous.isEmpty() && !previous.equals(identity) && !view.contains(previous)));
        if (claim.fromDeparted() || Duration.between(claim.since(), now).compareTo(handoverDelay) >= 0) {
          LOG.info("shard {}: taking application {}{}", identity, name,
              claim.fromDeparted() ? " from departed " + previous : "");
          claims.remove(name);
          local.add(name);
          engine.manage(app);
        }
      }
    }
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Set-once, validated builder for {@link ShardedGitOps}. */
  public static final class Builder {
    private final GitOps engine;
    private final KubernetesClient kubernetes;
    private @Nullable String namespace;
    private String group = "gitops";
    private @Nullable String identity;
    private @Nullable Duration leaseDuration;
    private @Nullable Duration renewInterval;
    private @Nullable Duration handoverDelay;
    private @Nullable Clock clock;
    private boolean releaseOnClose = true;

    private Builder(GitOps engine, KubernetesClient kubernetes) {
      this.engine = engine;
      this.kubernetes = kubernetes;
    }

    /** The namespace of the Leases; default the client's namespace. */
    public Builder namespace(String value) {
      namespace = dnsLabel(value, "namespace");
      return this;
    }

    /** The group: replicas with the same group share its applications; default {@code gitops}. */
    public Builder group(String value) {
      group = dnsLabel(value, "group");
      return this;
    }

    /** This replica's identity, unique in the group (e.g. the pod name). Required. */
    public Builder identity(String value) {
      identity = dnsLabel(value, "identity");
      return this;
    }

    /** How long a replica that stops renewing stays a member; default 15 s (client-go's default). */
    public Builder leaseDuration(Duration value) {
      leaseDuration = positive(value, "leaseDuration");
      return this;
    }

    /** How often the Lease is renewed and the others' are read; default a third of the duration. */
    public Builder renewInterval(Duration value) {
      renewInterval = positive(value, "renewInterval");
      return this;
    }

    /** How long to wait before taking an application from a live member; default 2 renew intervals. */
    public Builder handoverDelay(Duration value) {
      handoverDelay = Objects.requireNonNull(value, "handoverDelay");
      if (value.isNegative()) {
        throw new IllegalArgumentException("handoverDelay must not be negative, was " + value);
      }
      return this;
    }

    /** The clock that judges lease expiry; default the system clock. */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Whether {@link ShardedGitOps#close()} deletes the Lease (the others take over at once) or
     * leaves it to expire; default true (as fabric8's {@code releaseOnCancel}).
     */
    public Builder releaseOnClose(boolean value) {
      releaseOnClose = value;
      return this;
    }

    /** Creates the replica; it renews its Lease and takes its applications from now on. */
    public ShardedGitOps build() {
      if (identity == null) {
        throw new IllegalStateException("identity(...) is required");
      }
      String ns = namespace != null ? namespace : kubernetes.getNamespace();
      if (ns == null) {
        throw new IllegalStateException("namespace(...) is required: the client has no default namespace");
      }
      return new ShardedGitOps(this, identity, ns);
    }

    private static String dnsLabel(String value, String what) {
      Objects.requireNonNull(value, what);
      if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
        throw new IllegalArgumentException(what + " must be a DNS label (lower-case letters, digits, '-'), was '"
            + value + "'");
      }
      return value;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, was " + d);
      }
      return d;
    }
  }
}
