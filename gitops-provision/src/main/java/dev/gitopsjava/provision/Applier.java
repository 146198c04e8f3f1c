package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.state.InstanceState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan's changes with bounded parallelism. Per instance the order is always: record
 * the intent, look before creating, call the provider, record the ID, wait for the action, record
 * the result. Any step can be the last one before a crash and the next run continues from it.
 */
final class Applier {

  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  private record Created(String id, Optional<ProviderAction> action) {}

  private final Plan plan;
  private final ComputeProvider provider;
  private final Retrier retrier;
  private final StateWriter writer;
  private final Clock clock;
  private final RetryPolicy policy;
  private final int parallelism;
  private final AtomicBoolean aborted = new AtomicBoolean();

  Applier(Plan plan, ComputeProvider provider, Retrier retrier, StateWriter writer, Clock clock,
      RetryPolicy policy, int parallelism) {
    this.plan = plan;
    this.provider = provider;
    this.retrier = retrier;
    this.writer = writer;
    this.clock = clock;
    this.policy = policy;
    this.parallelism = parallelism;
  }

  List<InstanceOutcome> run() {
    List<PlannedChange> work = plan.changes().stream()
        .filter(c -> c.action() != ChangeAction.NO_OP).toList();
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism,
        Math.max(1, work.size()))), r -> {
          Thread t = new Thread(r, "provision-apply-" + threadNo.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    try {
      List<Future<InstanceOutcome>> futures = new ArrayList<>();
      for (PlannedChange c : work) {
        futures.add(pool.submit(() -> guarded(c)));
      }
      List<InstanceOutcome> outcomes = new ArrayList<>();
      for (Future<InstanceOutcome> f : futures) {
        try {
          outcomes.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          aborted.set(true);
          throw new ApplyInterruptedException("applying " + plan.group().name());
        }
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs one change; a provision failure becomes a failed outcome, while an {@link Error} (the
   * process is going down) stops every other worker before its next step, as a kill would.
   */
  private InstanceOutcome guarded(PlannedChange c) {
    if (aborted.get()) {
      return InstanceOutcome.failed(c.key(), c.action(), "not started: apply was aborted");
    }
    try {
      return apply(c);
    } catch (Error e) {
      aborted.set(true);
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("{}: {} failed: {}", c.key(), c.action(), e.getMessage());
      return InstanceOutcome.failed(c.key(), c.action(),
          e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  private InstanceOutcome apply(PlannedChange c) {
    switch (c.action()) {
      case CREATE -> {
        return create(c, c.before().filter(b -> b.status() == InstanceState.Status.PENDING)
            .orElse(c.after().orElseThrow()));
      }
      case UPDATE -> {
        InstanceState b = c.before().orElseThrow();
        InstanceState a = c.after().orElseThrow();
        String id = b.id().orElseThrow();
        ProviderAction action = retrier.call("set labels on " + b.name(),
            () -> provider.setLabels(b.region(), id, a.labels()));
        action = poll(action, b.name());
        if (action.status() == ProviderAction.Status.FAILED) {
          return InstanceOutcome.failed(c.key(), c.action(), "update of " + b.name() + " failed: "
              + action.error().orElse("no detail"));
        }
        writer.update(s -> s.with(b.withLabels(a.labels())));
        return InstanceOutcome.ok(c.key(), c.action(), Optional.of(id));
      }
      case REPLACE -> {
        InstanceState b = c.before().orElseThrow();
        InstanceState a = c.after().orElseThrow();
        if (a.createBeforeDestroy()) {
          InstanceOutcome created = create(c, a);
          if (!created.succeeded()) {
            return created;
          }
          writer.update(s -> s.with(b.withStatus(InstanceState.Status.DEPOSED)));
          Optional<String> failed = delete(b.withStatus(InstanceState.Status.DEPOSED));
          return failed.map(f -> InstanceOutcome.failed(c.key(), c.action(), f)).orElse(created);
        }
        Optional<String> failed = delete(b);
        if (failed.isPresent()) {
          return InstanceOutcome.failed(c.key(), c.action(), failed.get());
        }
        return create(c, a);
      }
      case DELETE -> {
        Optional<String> failed = delete(c.before().orElseThrow());
        return failed.map(f -> InstanceOutcome.failed(c.key(), c.action(), f))
            .orElseGet(() -> InstanceOutcome.ok(c.key(), c.action(), Optional.empty()));
      }
      case NO_OP -> {
        return InstanceOutcome.ok(c.key(), c.action(), c.before().flatMap(InstanceState::id));
      }
      default -> throw new IllegalStateException(c.action().name());
    }
  }

  private InstanceOutcome create(PlannedChange c, InstanceState intent) {
    writer.update(s -> s.with(intent));
    InstanceState rec = intent;
    Created created;
    if (rec.id().isPresent()) {
      created = new Created(rec.id().get(), Optional.empty());
    } else {
      Optional<ProviderInstance> existing = lookup(rec);
      if (existing.isPresent()) {
        LOG.info("{}: already exists at the provider as {}; adopting it", rec.name(),
            existing.get().id());
        created = new Created(existing.get().id(), Optional.empty());
      } else {
        created = sendCreate(rec);
      }
      String id = created.id();
      rec = writer.update(s -> s.with(intent.withId(id))).instance(intent.name()).orElseThrow();
    }
    String id = created.id();
    if (created.action().isPresent()) {
      ProviderAction done = poll(created.action().get(), rec.name());
      if (done.status() == ProviderAction.Status.FAILED) {
        InstanceState failed = rec;
        writer.update(s -> s.with(failed.withStatus(InstanceState.Status.TAINTED)));
        return InstanceOutcome.failed(c.key(), c.action(), "create of " + rec.name() + " ("
            + id + ") failed: " + done.error().orElse("no detail") + "; tainted, the next apply "
            + "replaces it");
      }
    }
    ProviderInstance live = waitUntilBuilt(rec, id);
    InstanceState built = rec;
    if (live.status() == ProviderInstance.Status.ERROR) {
      writer.update(s -> s.with(built.withStatus(InstanceState.Status.TAINTED)));
      return InstanceOutcome.failed(c.key(), c.action(), rec.name() + " (" + id
          + ") is in ERROR at the provider; tainted, the next apply replaces it");
    }
    writer.update(s -> s.with(built.withObserved(live.region(), live.imageId(), live.flavorId(),
        live.labels()).withStatus(InstanceState.Status.READY)));
    return InstanceOutcome.ok(c.key(), c.action(), Optional.of(id));
  }

  /**
   * Sends the create. When a response is lost the cloud may have made the instance anyway, so
   * before every retry (and after a permanent "name already taken") the engine looks by name and
   * ownership labels and adopts what it finds.
   */
  private Created sendCreate(InstanceState rec) {
    CreateRequest request = new CreateRequest(rec.name(), rec.region(), rec.imageId(),
        rec.flavorId(), rec.sshKeys(), plan.group().userData(), rec.labels());
    try {
      return retrier.call("create " + rec.name(), () -> {
        ProviderAction a = provider.create(request);
        return new Created(a.instanceId(), Optional.of(a));
      }, () -> lookup(rec).map(i -> new Created(i.id(), Optional.empty())));
    } catch (PermanentProviderException e) {
      Optional<ProviderInstance> found = lookup(rec);
      if (found.isPresent()) {
        return new Created(found.get().id(), Optional.empty());
      }
      throw e;
    }
  }

  private Optional<ProviderInstance> lookup(InstanceState rec) {
    return Refresher.findByName(provider, retrier, plan.lineage(), plan.group().name(), rec);
  }

  /** Deletes and forgets an instance; returns the failure, if any. */
  private Optional<String> delete(InstanceState rec) {
    if (rec.id().isPresent()) {
      String id = rec.id().get();
      ProviderAction action = retrier.call("delete " + rec.name(),
          () -> provider.delete(rec.region(), id));
      action = poll(action, rec.name());
      if (action.status() == ProviderAction.Status.FAILED) {
        return Optional.of("delete of " + rec.name() + " (" + id + ") failed: "
            + action.error().orElse("no detail"));
      }
    }
    writer.update(s -> s.without(rec.name()));
    return Optional.empty();
  }

  private ProviderAction poll(ProviderAction start, String name) {
    ProviderAction action = start;
    Instant deadline = clock.instant().plus(policy.actionTimeout());
    while (!action.done()) {
      if (clock.instant().isAfter(deadline)) {
        throw new ProvisionException(name + ": action " + action.id() + " (" + action.kind()
            + ") still running after " + policy.actionTimeout());
      }
      retrier.sleep(provider.pollInterval());
      ProviderAction current = action;
      action = retrier.call("poll " + name, () -> provider.refresh(current));
    }
    return action;
  }

  private ProviderInstance waitUntilBuilt(InstanceState rec, String id) {
    Instant deadline = clock.instant().plus(policy.actionTimeout());
    while (true) {
      Optional<ProviderInstance> live = retrier.call("read " + rec.name(),
          () -> provider.get(rec.region(), id));
      if (live.isEmpty()) {
        throw new ProvisionException(rec.name() + " (" + id + ") vanished at the provider while "
            + "it was being created");
      }
      if (live.get().status() != ProviderInstance.Status.BUILDING) {
        return live.get();
      }
      if (clock.instant().isAfter(deadline)) {
        throw new ProvisionException(rec.name() + " (" + id + ") still building after "
            + policy.actionTimeout());
      }
      retrier.sleep(provider.pollInterval());
    }
  }
}
