package dev.gitopsjava.core.shard;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.GitOps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica of a sharded engine: every replica is told about every application, and each manages
 * only those that hash to it (rendezvous hashing over the live members, so a member leaving moves
 * only its own applications and a member joining takes only those that become its own).
 *
 * <pre>{@code
 * try (GitOps engine = GitOps.builder().cluster(ClusterClient.fabric8(k8s)).renderer(renderer).build();
 *      ShardedGitOps replica = ShardedGitOps.builder(engine, k8s)
 *          .namespace("gitops").group("payments").identity(System.getenv("POD_NAME"))
 *          .build()) {
 *   applications.forEach(replica::manage);   // the same list on every replica
 * }
 * }</pre>
 *
 * <p><b>Leases.</b> Each replica holds one Lease of its own, {@code <group>-<identity>}, labelled
 * with the group, through fabric8's leader election ({@code LeaderElector} on a {@code LeaseLock}):
 * fabric8 acquires it, renews it every {@code retryPeriod}, gives up (and calls back) when renewals
 * have failed for {@code renewDeadline}, and clears its holder when the replica closes. The live
 * Leases of the group are its members; a Lease is live while it keeps changing, judged by when this
 * replica saw it change on its own monotonic clock (client-go's rule, immune to clock skew). A Lease
 * per replica rather than one per shard (Argo CD's {@code hash % replicas} with a shard number per
 * replica) because the member list then needs no shard numbering to agree on, a replica count to
 * configure, nor a rebalance of every shard when the count changes.
 *
 * <p><b>At most one replica per application.</b>
 * <ul>
 *   <li>Self-fencing: a replica stops all its applications as soon as its last accepted renewal was
 *       <em>sent</em> more than {@code renewDeadline} ago (checked every quarter retry period, and
 *       when fabric8 reports lost leadership); the others count {@code leaseDuration} from when they
 *       saw that renewal, which is later, and {@code renewDeadline < leaseDuration}. It rejoins with
 *       a fresh elector when a renewal succeeds again.</li>
 *   <li>Hand-over between live replicas: each replica publishes in its Lease the member list it has
 *       applied (its claim: the applications that list assigns to it), and changes it only after
 *       stopping the applications it loses, waiting for a sync in progress ({@link GitOps#unmanage}
 *       waits for it). A replica takes an application only after its own new claim has been written
 *       and only if no live member's published claim still covers it, read in a LIST made after that
 *       write; of two replicas claiming the same application, at least one sees the other's claim.
 *       So a replica joining during a long sync waits for it to finish.</li>
 *   <li>Take-over from a departed replica (Lease released or expired): its claim is ignored, since it
 *       has fenced itself. A member whose Lease has not changed for {@code min(renewDeadline,
 *       leaseDuration - 1.5 retryPeriod)} is left out of the claim in advance (a claim may cover
 *       more than is managed, never less), so when its Lease expires the new claim is already
 *       written and its applications are taken in the same tick: {@code leaseDuration} after the
 *       LIST that first showed its last renewal, plus up to half a retry period until the next
 *       LIST.</li>
 * </ul>
 * A sync already running when its replica fences itself is not interrupted (the engine has no way
 * to abort one): fencing stops the next one, so a sync longer than {@code leaseDuration -
 * renewDeadline} that is under way when its replica loses the API server can still overlap the
 * take-over. Hand-overs between live replicas have no such limit.
 */
public final class ShardedGitOps implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ShardedGitOps.class);
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final GitOps engine;
  private final KubernetesClient kubernetes;
  private final ShardLease lease;
  private final LeaseObserver observer;
  private final String identity;
  private final Duration leaseDuration;
  private final Duration renewDeadline;
  private final Duration retryPeriod;
  private final boolean releaseOnClose;
  private final ScheduledExecutorService assigner;
  private final ScheduledExecutorService fencer;
  private final Object lock = new Object();
  private final Map<String, Application> catalog = new ConcurrentHashMap<>();
  private final Set<String> local = ConcurrentHashMap.newKeySet();
  private final Set<String> leaving = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean assignQueued = new AtomicBoolean();
  private volatile Set<String> members = Set.of();
  private volatile boolean leading;
  private volatile @Nullable CompletableFuture<?> election;
  private volatile boolean closed;

  private ShardedGitOps(Builder b, String identity, String namespace) {
    this.engine = b.engine;
    this.kubernetes = b.kubernetes;
    this.identity = identity;
    this.leaseDuration = b.leaseDuration == null ? Duration.ofSeconds(15) : b.leaseDuration;
    this.renewDeadline = b.renewDeadline == null ? leaseDuration.multipliedBy(2).dividedBy(3) : b.renewDeadline;
    this.retryPeriod = b.retryPeriod == null ? renewDeadline.dividedBy(5) : b.retryPeriod;
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException("renewDeadline " + renewDeadline + " must be shorter than leaseDuration "
          + leaseDuration);
    }
    // fabric8's own rule: a renewal that misses once (plus jitter) must still fit in the deadline.
    if (retryPeriod.toMillis() * 22 >= renewDeadline.toMillis() * 10) {
      throw new IllegalArgumentException("retryPeriod " + retryPeriod + " must be shorter than renewDeadline / 2.2 ("
          + renewDeadline + ")");
    }
    this.releaseOnClose = b.releaseOnClose;
    this.lease = new ShardLease(namespace, b.group, identity, this::requestAssign);
    // A member silent for this long is claimed away in advance, so that its expiry finds the new
    // claim already written: its applications are taken in the tick that sees it expire.
    Duration silentAfter = leaseDuration.minus(retryPeriod.multipliedBy(3).dividedBy(2));
    this.observer = new LeaseObserver(kubernetes, namespace, b.group, b.group + "-" + identity, leaseDuration,
        silentAfter.compareTo(renewDeadline) < 0 ? silentAfter : renewDeadline, System::nanoTime);
    this.assigner = Executors.newSingleThreadScheduledExecutor(named("gitops-shard-assign-" + identity));
    this.fencer = Executors.newSingleThreadScheduledExecutor(named("gitops-shard-fence-" + identity));
    long tick = Math.max(10, retryPeriod.toMillis() / 2);
    assigner.scheduleWithFixedDelay(this::assignQuietly, tick, tick, TimeUnit.MILLISECONDS);
    long watch = Math.max(10, retryPeriod.toMillis() / 4);
    fencer.scheduleWithFixedDelay(this::fenceIfLate, watch, watch, TimeUnit.MILLISECONDS);
    elect();
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
    requestAssign();
  }

  /**
   * Removes an application from the group (and from the local engine if it is managed here).
   *
   * @return false if it was not in the group
   */
  public boolean unmanage(String application) {
    boolean known;
    boolean here;
    synchronized (lock) {
      known = catalog.remove(application) != null;
      here = local.remove(application);
    }
    if (here) {
      engine.unmanage(application);
    }
    return known;
  }

  /** The applications this replica manages now. */
  public Set<String> owned() {
    return Set.copyOf(local);
  }

  /** The live members as this replica last saw them (itself included while it is not fenced). */
  public Set<String> members() {
    return members;
  }

  /** This replica's identity (the holder of its Lease). */
  public String identity() {
    return identity;
  }

  /**
   * Stops managing this replica's applications in the local engine (waiting for a sync in
   * progress), then stops renewing and, unless {@link Builder#releaseOnClose(boolean)
   * releaseOnClose(false)}, clears its Lease's holder so the others take over at once. The engine
   * itself is not closed.
   */
  @Override
  public void close() {
    closed = true;
    assigner.shutdownNow();
    try {
      assigner.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropAll("closing");
    fencer.shutdownNow();
    CompletableFuture<?> running = election;
    if (running != null) {
      running.cancel(true); // fabric8 releases the Lease here when releaseOnCancel
    }
  }

  private void elect() {
    if (closed) {
      return;
    }
    LeaderElector elector = kubernetes.leaderElector().withConfig(new LeaderElectionConfigBuilder()
        .withName(lease.describe())
        .withLock(lease)
        .withLeaseDuration(leaseDuration)
        .withRenewDeadline(renewDeadline)
        .withRetryPeriod(retryPeriod)
        .withReleaseOnCancel(releaseOnClose)
        .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, holder -> { }))
        .build()).build();
    CompletableFuture<?> running = elector.start();
    election = running;
    running.whenComplete((v, t) -> {
      // Renewals failed for renewDeadline: this elector is spent (fabric8 runs one only once).
      if (!closed) {
        LOG.warn("shard {}: lost Lease {}; rejoining", identity, lease.describe());
        try {
          assigner.schedule(this::elect, retryPeriod.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          // closing
        }
      }
    });
  }

  private void startedLeading() {
    LOG.info("shard {}: holding Lease {}", identity, lease.describe());
    leading = true;
    requestAssign();
  }

  private void stoppedLeading() {
    leading = false;
    try {
      fencer.execute(this::fenceIfLate);
    } catch (RejectedExecutionException e) {
      // closing: close() drops the applications itself
    }
  }

  /** Fenced: not holding the Lease, or the last accepted renewal was sent more than renewDeadline ago. */
  private boolean fenced() {
    return !leading || !lease.renewedOnce() || System.nanoTime() - lease.renewedAtNanos() > renewDeadline.toNanos();
  }

  private void fenceIfLate() {
    if (fenced() && !local.isEmpty()) {
      dropAll("Lease " + lease.describe() + " not renewed within " + renewDeadline);
    }
  }

  private void dropAll(String why) {
    List<String> dropping;
    synchronized (lock) {
      dropping = List.copyOf(local);
      local.clear();
      leaving.addAll(dropping);
      members = Set.of();
    }
    if (!dropping.isEmpty()) {
      LOG.warn("shard {}: {}; stopping {} applications", identity, why, dropping.size());
    }
    for (String app : dropping) {
      engine.unmanage(app);
      leaving.remove(app);
    }
    synchronized (lock) {
      if (closed || fenced()) {
        lease.claim(Set.of()); // only now: the claim covered what was still syncing
      }
    }
  }

  private void requestAssign() {
    if (assignQueued.compareAndSet(false, true)) {
      try {
        assigner.execute(this::assignQuietly);
      } catch (RejectedExecutionException e) {
        // closing
      }
    }
  }

  private void assignQuietly() {
    assignQueued.set(false);
    try {
      assign();
    } catch (KubernetesClientException e) {
      LOG.warn("shard {}: listing Leases failed: HTTP {} {}", identity, e.getCode(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("shard {}: assigning applications failed", identity, e);
    }
  }

  /** Brings the local engine in line with the members: drop what moved away, publish, take what came. */
  private void assign() {
    if (closed || fenced()) {
      return; // fenceIfLate drops the applications
    }
    LeaseObserver.Snapshot seen = observer.observe();
    Set<String> view = new TreeSet<>(seen.claims().keySet());
    view.add(identity);
    members = Set.copyOf(view);
    // 1. Stop what is no longer ours, waiting for syncs in progress, before claiming the new list.
    List<String> dropping = new ArrayList<>();
    synchronized (lock) {
      for (String app : List.copyOf(local)) {
        if (!identity.equals(RendezvousHash.owner(app, view).orElse(""))) {
          local.remove(app);
          leaving.add(app);
          dropping.add(app);
        }
      }
    }
    for (String app : dropping) {
      LOG.info("shard {}: application {} moves to {}", identity, app, RendezvousHash.owner(app, view).orElse(""));
      engine.unmanage(app);
      leaving.remove(app);
    }
    // 2. Claim the list without the silent members (that only adds their applications to ours, so
    // the claim still covers everything we manage); the next renewal writes it.
    Set<String> claimed = new TreeSet<>(view);
    claimed.removeAll(seen.silent());
    lease.claim(claimed);
    if (!ShardLease.encode(claimed).equals(lease.publishedClaim()) || lease.publishedAtNanos() >= seen.sentAtNanos()) {
      return; // take nothing before the claim is written and a LIST made after it shows no other claim
    }
    // 3. Take what is ours and claimed by no other live member.
    synchronized (lock) {
      if (closed || fenced()) {
        return;
      }
      for (Application app : catalog.values()) {
        String name = app.name();
        if (local.contains(name) || leaving.contains(name)
            || !identity.equals(RendezvousHash.owner(name, view).orElse(""))) {
          continue;
        }
        String holder = claimant(name, seen.claims());
        if (holder != null) {
          LOG.debug("shard {}: application {} still claimed by {}", identity, name, holder);
          continue;
        }
        LOG.info("shard {}: taking application {}", identity, name);
        local.add(name);
        engine.manage(app);
      }
    }
  }

  /** A live member other than this one whose published claim covers {@code application}, if any. */
  private static @Nullable String claimant(String application, Map<String, Set<String>> claims) {
    for (Map.Entry<String, Set<String>> e : claims.entrySet()) {
      if (e.getKey().equals(RendezvousHash.owner(application, e.getValue()).orElse(""))) {
        return e.getKey();
      }
    }
    return null;
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
    private @Nullable Duration renewDeadline;
    private @Nullable Duration retryPeriod;
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

    /**
     * How long a replica that stops renewing stays a member, as seen by the others; whole seconds
     * (the Lease stores seconds); default 15 s (client-go's default).
     */
    public Builder leaseDuration(Duration value) {
      leaseDuration = positive(value, "leaseDuration");
      if (value.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException("leaseDuration must be whole seconds, was " + value);
      }
      return this;
    }

    /**
     * How long renewals may fail before this replica stops its applications (fabric8's
     * {@code renewDeadline}); shorter than the lease duration; default two thirds of it.
     */
    public Builder renewDeadline(Duration value) {
      renewDeadline = positive(value, "renewDeadline");
      return this;
    }

    /**
     * How often the Lease is renewed (fabric8's {@code retryPeriod}; the others' are read twice as
     * often); default a fifth of the renew deadline (so 15 s / 10 s / 2 s by default, as client-go).
     */
    public Builder retryPeriod(Duration value) {
      retryPeriod = positive(value, "retryPeriod");
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
