package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.ProviderSettings;
import dev.gitopsjava.provision.state.LockHandle;
import dev.gitopsjava.provision.state.LockInfo;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateLockedException;
import dev.gitopsjava.provision.state.StateStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of gitops-provision: plan, apply and destroy {@link InstanceGroup}s against a
 * locked, optionally encrypted state.
 *
 * <pre>{@code
 * Path stateFile = Path.of("workers.tfstate.json");
 * Provisioner provisioner = Provisioner.builder()
 *     .state(StateStore.file(stateFile, StateEncryption.builder().passphrase(pass).enforced(true).build()))
 *     .lock(StateLock.localFile(stateFile))
 *     .dependencyLock(DependencyLock.pathFor(specFile))
 *     .build();
 * Plan plan = provisioner.plan(InstanceGroup.fromYaml(specFile)).call();
 * System.out.print(plan.render());
 * ApplyResult result = provisioner.apply(plan).call();
 * }</pre>
 *
 * <p>Providers come from {@link ComputeProviders#fromServiceLoader()} unless given. Time, sleeping
 * and randomness are injectable so tests never wait.
 */
public final class Provisioner {

  private final ComputeProviders providers;
  private final Map<String, String> environment;
  private final StateStore store;
  private final StateLock lock;
  private final Duration lockTimeout;
  private final @Nullable Path dependencyLock;
  private final int parallelism;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  private Provisioner(Builder b) {
    this.providers = b.providers == null ? ComputeProviders.fromServiceLoader() : b.providers;
    b.extra.forEach(this.providers::register);
    this.environment = b.environment == null ? System.getenv() : b.environment;
    this.store = Objects.requireNonNull(b.store, "state store");
    this.lock = Objects.requireNonNull(b.lock, "state lock");
    this.lockTimeout = b.lockTimeout;
    this.dependencyLock = b.dependencyLock;
    this.parallelism = b.parallelism;
    this.retryPolicy = b.retryPolicy;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.random = b.random;
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A plan command for {@code group} (refresh, then diff); configure it, then {@code call()}. */
  public PlanCommand plan(InstanceGroup group) {
    return new PlanCommand(this, Objects.requireNonNull(group, "group"));
  }

  /** A plan that destroys every instance of {@code group}. */
  public PlanCommand destroy(InstanceGroup group) {
    return plan(group).destroy(true);
  }

  /** An apply command for {@code plan}, which must fit the current state's lineage and serial. */
  public ApplyCommand apply(Plan plan) {
    return new ApplyCommand(this, Objects.requireNonNull(plan, "plan"));
  }

  /** The stored state, if any (no lock taken; for display). */
  public Optional<State> state() {
    return store.read();
  }

  /** Removes a lock left behind, by its ID (see {@link StateLock#forceUnlock}). */
  public void forceUnlock(String lockId) {
    lock.forceUnlock(lockId);
  }

  // ---- shared by the commands ----

  ComputeProvider provider(InstanceGroup group) {
    ComputeProvider p = providers.get(group.provider().name());
    if (!group.provider().allows(p.version())) {
      throw new SpecException("provider " + p.name() + " is version " + p.version()
          + ", which does not satisfy the constraint \"" + group.provider().version()
          + "\" of group " + group.name());
    }
    return p.configure(new ProviderSettings(group.provider().options(), environment));
  }

  Retrier retrier() {
    return new Retrier(retryPolicy, sleeper, random, new RateLimitGate(clock, sleeper));
  }

  /**
   * Takes the lock, waiting up to the lock timeout with OpenTofu's backoff (1 s doubling to 16 s).
   */
  LockHandle acquire(String operation) {
    LockInfo info = LockInfo.create(operation, store.location(), clock);
    Instant deadline = clock.instant().plus(lockTimeout);
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      try {
        return lock.lock(info);
      } catch (StateLockedException e) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          throw e;
        }
        try {
          sleeper.sleep(backoff.compareTo(left) < 0 ? backoff : left);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff = backoff.multipliedBy(2);
        if (backoff.compareTo(Duration.ofSeconds(16)) > 0) {
          backoff = Duration.ofSeconds(16);
        }
      }
    }
  }

  StateStore store() {
    return store;
  }

  Optional<Path> dependencyLockPath() {
    return Optional.ofNullable(dependencyLock);
  }

  Clock clock() {
    return clock;
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  int parallelism() {
    return parallelism;
  }

  /** Set-once builder for {@link Provisioner}. */
  public static final class Builder {
    private final Set<String> set = new TreeSet<>();
    private @Nullable ComputeProviders providers;
    private final java.util.List<ComputeProvider> extra = new java.util.ArrayList<>();
    private @Nullable Map<String, String> environment;
    private @Nullable StateStore store;
    private @Nullable StateLock lock;
    private Duration lockTimeout = Duration.ZERO;
    private @Nullable Path dependencyLock;
    private int parallelism = 10;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RandomGenerator random = new SecureRandom();

    private Builder() {}

    private void once(String option) {
      if (!set.add(option)) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    /** The provider registry (default: ServiceLoader). */
    public Builder providers(ComputeProviders registry) {
      once("providers");
      this.providers = Objects.requireNonNull(registry, "providers");
      return this;
    }

    /** Registers one provider on top of the registry (wins over a ServiceLoader one). */
    public Builder provider(ComputeProvider provider) {
      extra.add(Objects.requireNonNull(provider, "provider"));
      return this;
    }

    /** The environment providers read credentials from (default: the process environment). */
    public Builder environment(Map<String, String> env) {
      once("environment");
      this.environment = Map.copyOf(env);
      return this;
    }

    /** Where the state is kept. Required. */
    public Builder state(StateStore stateStore) {
      once("state");
      this.store = Objects.requireNonNull(stateStore, "state");
      return this;
    }

    /** The state lock. Required. */
    public Builder lock(StateLock stateLock) {
      once("lock");
      this.lock = Objects.requireNonNull(stateLock, "lock");
      return this;
    }

    /** How long to wait for a held lock (default 0: fail at once with the holder's info). */
    public Builder lockTimeout(Duration timeout) {
      once("lockTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("lockTimeout must not be negative: " + timeout);
      }
      this.lockTimeout = timeout;
      return this;
    }

    /** The dependency lock file to check and extend (default: none). */
    public Builder dependencyLock(Path file) {
      once("dependencyLock");
      this.dependencyLock = Objects.requireNonNull(file, "dependencyLock");
      return this;
    }

    /** How many instances are worked on at once (default 10, as Terraform). */
    public Builder parallelism(int workers) {
      once("parallelism");
      if (workers < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1: " + workers);
      }
      this.parallelism = workers;
      return this;
    }

    /** Sets {@code retryPolicy}. */
    public Builder retryPolicy(RetryPolicy policy) {
      once("retryPolicy");
      this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
      return this;
    }

    /** Sets {@code clock}. */
    public Builder clock(Clock source) {
      once("clock");
      this.clock = Objects.requireNonNull(source, "clock");
      return this;
    }

    /** Sets {@code sleeper}. */
    public Builder sleeper(Sleeper value) {
      once("sleeper");
      this.sleeper = Objects.requireNonNull(value, "sleeper");
      return this;
    }

    /** Randomness for backoff jitter (default a {@link SecureRandom}). */
    public Builder random(RandomGenerator value) {
      once("random");
      this.random = Objects.requireNonNull(value, "random");
      return this;
    }

    /** Builds the {@code Provisioner}. */
    public Provisioner build() {
      if (store == null || lock == null) {
        throw new IllegalStateException("state and lock are required");
      }
      return new Provisioner(this);
    }
  }
}
