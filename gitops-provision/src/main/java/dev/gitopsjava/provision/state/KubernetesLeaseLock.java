package dev.gitopsjava.provision.state;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A state lock held as a coordination.k8s.io/v1 Lease, like OpenTofu's kubernetes backend
 * ({@code holderIdentity} is the lock ID, the {@link LockInfo} JSON sits in an annotation) but with
 * what that backend lacks: a {@code leaseDurationSeconds} and renewal, so the lock of a killed
 * process expires, and fencing, so a holder that lost its lease cannot write.
 *
 * <p>Every change is a compare-and-set on the Lease's {@code resourceVersion}. A takeover of an
 * expired lease increments {@code leaseTransitions}; a handle that sees another holder or another
 * transition count on its next renewal knows it lost the lock, and {@link LockHandle#checkHeld()}
 * (called before each state write) renews synchronously, so a write never follows a lost lease.
 */
public final class KubernetesLeaseLock implements StateLock {

  /** The annotation holding the {@link LockInfo} JSON. */
  public static final String LOCK_INFO_ANNOTATION = "provision.gitops-java.dev/lock-info";

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesLeaseLock.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  private final Duration leaseDuration;
  private final Duration renewEvery;
  private final boolean autoRenew;
  private final Clock clock;

  private KubernetesLeaseLock(Builder b) {
    this.client = b.client;
    this.namespace = b.namespace;
    this.name = b.name;
    this.leaseDuration = b.leaseDuration;
    this.renewEvery = b.renewEvery == null ? b.leaseDuration.dividedBy(3) : b.renewEvery;
    this.autoRenew = b.autoRenew;
    this.clock = b.clock;
  }

  static Builder builder(KubernetesClient client, String namespace, String name) {
    return new Builder(client, namespace, name);
  }

  @Override
  public LockHandle lock(LockInfo info) {
    Instant now = clock.instant();
    Lease current = lease().get();
    Lease mine;
    try {
      if (current == null) {
        mine = client.leases().inNamespace(namespace).resource(newLease(info, now, 0)).create();
      } else {
        Optional<LockInfo> holder = activeHolder(current, now);
        if (holder.isPresent()) {
          throw new StateLockedException(location(), holder.get());
        }
        int transitions = Optional.ofNullable(current.getSpec().getLeaseTransitions()).orElse(0)
            + 1;
        Lease next = newLease(info, now, transitions);
        next.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        mine = client.leases().inNamespace(namespace).resource(next).update();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Lease winner = lease().get();
        throw new StateLockedException(location(), winner == null
            ? info : activeHolder(winner, clock.instant()).orElse(info));
      }
      throw new StateException("cannot take lease " + location() + ": " + e.getMessage(), e);
    }
    Held held = new Held(info, mine);
    if (autoRenew) {
      held.startRenewing();
    }
    return held;
  }

  @Override
  public Optional<LockInfo> holder() {
    Lease current = lease().get();
    return current == null ? Optional.empty() : activeHolder(current, clock.instant());
  }

  @Override
  public void forceUnlock(String lockId) {
    Lease current = lease().get();
    String holder = current == null || current.getSpec() == null ? null
        : current.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty()) {
      throw new StateException("lease " + location() + " is not held; nothing to unlock");
    }
    if (!holder.equals(lockId)) {
      throw new StateException("lease " + location() + " is held with ID " + holder + ", not "
          + lockId + "; not unlocking");
    }
    try {
      lease().lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
    } catch (KubernetesClientException e) {
      throw new StateException("cannot force-unlock lease " + location() + ": "
          + (e.getCode() == 409 ? "it changed meanwhile, look again" : e.getMessage()), e);
    }
  }

  @Override
  public String location() {
    return "lease " + namespace + "/" + name;
  }

  private Resource<Lease> lease() {
    return client.leases().inNamespace(namespace).withName(name);
  }

  private Lease newLease(LockInfo info, Instant now, int transitions) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    return new LeaseBuilder()
        .withNewMetadata().withName(name).withNamespace(namespace)
        .withAnnotations(Map.of(LOCK_INFO_ANNOTATION, info.toJson())).endMetadata()
        .withNewSpec().withHolderIdentity(info.id())
        .withLeaseDurationSeconds(Math.toIntExact(Math.max(1, leaseDuration.toSeconds())))
        .withAcquireTime(t).withRenewTime(t).withLeaseTransitions(transitions).endSpec()
        .build();
  }

  /** The lease's holder, unless it has none or its lease expired by {@code now}. */
  private Optional<LockInfo> activeHolder(Lease lease, Instant now) {
    if (lease.getSpec() == null) {
      return Optional.empty();
    }
    String holder = lease.getSpec().getHolderIdentity();
    if (holder == null || holder.isEmpty() || expired(lease, now)) {
      return Optional.empty();
    }
    Map<String, String> annotations = lease.getMetadata().getAnnotations();
    String json = annotations == null ? null : annotations.get(LOCK_INFO_ANNOTATION);
    if (json != null) {
      try {
        return Optional.of(LockInfo.fromJson(json, location()));
      } catch (StateException e) {
        LOG.warn("{}: unreadable lock info annotation, reporting the holder ID only", location());
      }
    }
    ZonedDateTime acquired = lease.getSpec().getAcquireTime();
    return Optional.of(new LockInfo(holder, "unknown", "", "unknown", "unknown",
        acquired == null ? now : acquired.toInstant(), location()));
  }

  /** A lease without a duration (as OpenTofu writes them) never expires. */
  private static boolean expired(Lease lease, Instant now) {
    Integer seconds = lease.getSpec().getLeaseDurationSeconds();
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    if (seconds == null || renewed == null) {
      return false;
    }
    return renewed.toInstant().plusSeconds(seconds).isBefore(now);
  }

  private final class Held implements LockHandle {
    private final LockInfo info;
    private final int transitions;
    private @Nullable ScheduledExecutorService renewer;
    private @Nullable String lostBecause;
    private boolean released;

    Held(LockInfo info, Lease taken) {
      this.info = info;
      this.transitions = Optional.ofNullable(taken.getSpec().getLeaseTransitions()).orElse(0);
    }

    @Override
    public LockInfo info() {
      return info;
    }

    void startRenewing() {
      ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lease-renewal-" + name);
        t.setDaemon(true);
        return t;
      });
      long millis = Math.max(1, renewEvery.toMillis());
      s.scheduleWithFixedDelay(() -> {
        try {
          renew();
        } catch (RuntimeException e) {
          LOG.warn("{}: renewal failed: {}", location(), e.getMessage());
        }
      }, millis, millis, TimeUnit.MILLISECONDS);
      this.renewer = s;
    }

    @Override
    public synchronized void checkHeld() {
      renew();
    }

    /** Moves renewTime forward with a compare-and-set; any sign of another holder is final. */
    private synchronized void renew() {
      if (released) {
        throw new LockLostException(location() + ": lock " + info.id() + " was released");
      }
      if (lostBecause != null) {
        throw new LockLostException(lostBecause);
      }
      Lease current;
      try {
        current = lease().get();
      } catch (KubernetesClientException e) {
        throw new StateException("cannot read " + location() + ": " + e.getMessage(), e);
      }
      String holder = current == null || current.getSpec() == null ? null
          : current.getSpec().getHolderIdentity();
      Integer seen = current == null || current.getSpec() == null ? null
          : current.getSpec().getLeaseTransitions();
      if (current == null || !info.id().equals(holder)
          || !Integer.valueOf(transitions).equals(seen)) {
        lose(location() + ": lock " + info.id() + " was lost (" + (current == null
            ? "lease deleted, force-unlocked" : "now held by " + holder)
            + "); refusing to write state");
      }
      current.getSpec().setRenewTime(clock.instant().atZone(ZoneOffset.UTC));
      try {
        client.leases().inNamespace(namespace).resource(current).update();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          lose(location() + ": lock " + info.id() + " changed under us while renewing; "
              + "refusing to write state");
        }
        throw new StateException("cannot renew " + location() + ": " + e.getMessage(), e);
      }
    }

    private void lose(String why) {
      lostBecause = why;
      stopRenewing();
      throw new LockLostException(why);
    }

    private void stopRenewing() {
      ScheduledExecutorService s = renewer;
      if (s != null) {
        s.shutdownNow();
        renewer = null;
      }
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      stopRenewing();
      if (lostBecause != null) {
        return;
      }
      Lease current = lease().get();
      if (current != null && current.getSpec() != null
          && info.id().equals(current.getSpec().getHolderIdentity())) {
        try {
          lease().lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
        } catch (KubernetesClientException e) {
          LOG.warn("{}: could not release lock {}: {}", location(), info.id(), e.getMessage());
        }
      }
    }
  }

  /** Builder for {@link KubernetesLeaseLock}. */
  public static final class Builder {
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private Duration leaseDuration = Duration.ofSeconds(60);
    private @Nullable Duration renewEvery;
    private boolean autoRenew = true;
    private Clock clock = Clock.systemUTC();

    private Builder(KubernetesClient client, String namespace, String name) {
      this.client = Objects.requireNonNull(client, "client");
      this.namespace = Objects.requireNonNull(namespace, "namespace");
      this.name = Objects.requireNonNull(name, "name");
    }

    /** How long a lease lasts without renewal (default 60 s, at least 1 s). */
    public Builder leaseDuration(Duration duration) {
      if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("leaseDuration must be at least 1s: " + duration);
      }
      this.leaseDuration = duration;
      return this;
    }

    /** How often a background thread renews the lease (default a third of the duration). */
    public Builder renewEvery(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("renewEvery must be positive: " + interval);
      }
      this.renewEvery = interval;
      return this;
    }

    /** Whether to renew in the background (default true); {@code checkHeld} always renews. */
    public Builder autoRenew(boolean renew) {
      this.autoRenew = renew;
      return this;
    }

    /** The clock lease times are written and judged with (default UTC system clock). */
    public Builder clock(Clock source) {
      this.clock = Objects.requireNonNull(source, "clock");
      return this;
    }

    /** Builds the {@code KubernetesLeaseLock}. */
    public KubernetesLeaseLock build() {
      return new KubernetesLeaseLock(this);
    }
  }
}
