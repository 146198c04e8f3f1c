package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClusterClient} that fails scripted requests the way a busy real API server does: 409
 * conflicts, 429 with {@code Retry-After}, 5xx, and dropped connections (before the request reached
 * the server, or after the server wrote but before the answer arrived). Unscripted requests go to
 * the wrapped client.
 *
 * <pre>{@code
 * var faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(k8s))
 *     .failNext(Operation.UPDATE, Fault.conflict())
 *     .failNext(Operation.CREATE, Fault.serverError(500));
 * }</pre>
 */
public final class FaultInjectingClusterClient implements ClusterClient {

  /** The request kinds a fault can be attached to. */
  public enum Operation { GET, LIST, CREATE, UPDATE, SERVER_SIDE_APPLY, DELETE }

  /** A failure to inject. */
  public record Fault(int statusCode, @Nullable Duration retryAfter, boolean afterWrite, String description) {

    /** 409, as when the object changed since it was read. */
    public static Fault conflict() {
      return new Fault(409, null, false, "injected conflict");
    }

    /** 429 with a {@code Retry-After}. */
    public static Fault tooManyRequests(Duration retryAfter) {
      return new Fault(429, retryAfter, false, "injected throttling");
    }

    /** A 5xx answer. */
    public static Fault serverError(int statusCode) {
      if (statusCode < 500 || statusCode > 599) {
        throw new IllegalArgumentException("not a server error: " + statusCode);
      }
      return new Fault(statusCode, null, false, "injected server error");
    }

    /** The connection drops before the request reaches the server: nothing is written. */
    public static Fault dropBeforeSending() {
      return new Fault(0, null, false, "injected dropped connection");
    }

    /** The server performs the write, then the connection drops before the answer arrives. */
    public static Fault dropAfterWrite() {
      return new Fault(0, null, true, "injected dropped response");
    }

    ClusterException toException(Operation op, @Nullable ResourceKey key) {
      String what = description + " on " + op + (key == null ? "" : " " + key);
      if (statusCode == 409) {
        return new ConflictException(what, key, null);
      }
      return new ClusterUnavailableException(what, statusCode, key, retryAfter, null);
    }
  }

  private record Scripted(Predicate<ResourceKey> target, Fault fault) {}

  /** Writes of matching resources wait here until {@link #release()}: a sync as long as a test wants. */
  public static final class Hold {
    private final Predicate<ResourceKey> target;
    private final java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    private Hold(Predicate<ResourceKey> target) {
      this.target = target;
    }

    /** Waits until a write is held, at most {@code limit}; false if none came. */
    public boolean awaitHeld(Duration limit) throws InterruptedException {
      return held.await(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Lets the held writes and all later ones through. */
    public void release() {
      released.countDown();
    }

    private void pass(ResourceKey key) {
      if (!target.test(key) || released.getCount() == 0) {
        return;
      }
      held.countDown();
      try {
        if (!released.await(2, java.util.concurrent.TimeUnit.MINUTES)) {
          throw new IllegalStateException("write of " + key + " held and never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while holding the write of " + key, e);
      }
    }
  }

  private final ClusterClient delegate;
  private final Map<Operation, Deque<Scripted>> script = new EnumMap<>(Operation.class);
  private final Map<Operation, AtomicInteger> calls = new EnumMap<>(Operation.class);
  private final AtomicInteger injected = new AtomicInteger();
  private final List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();

  private volatile boolean watchesSuppressed;
  private volatile @Nullable Hold hold;
  private java.util.@Nullable Random random;
  private double faultRate;
  private List<Fault> randomFaults = List.of();
  private final Map<String, AtomicInteger> injectedByKind = new java.util.concurrent.ConcurrentHashMap<>();

  public FaultInjectingClusterClient(ClusterClient delegate) {
    this.delegate = delegate;
    for (Operation op : Operation.values()) {
      script.put(op, new ArrayDeque<>());
      calls.put(op, new AtomicInteger());
    }
  }

  /**
   * Makes {@link #watch} return a handle that never delivers events: for tests that run many engines
   * against the mock server, whose single event loop stalls feeding hundreds of label-selected
   * watches (self-heal is then driven by refreshes only).
   */
  public FaultInjectingClusterClient suppressWatches() {
    watchesSuppressed = true;
    return this;
  }

  /**
   * Besides scripted faults, fails each request with probability {@code rate}, with one of
   * {@code faults} chosen at random (seeded, so a run can be repeated).
   */
  public synchronized FaultInjectingClusterClient failRandomly(double rate, long seed, List<Fault> faults) {
    if (rate < 0 || rate > 1 || faults.isEmpty()) {
      throw new IllegalArgumentException("rate must be in [0, 1] and faults non-empty");
    }
    this.random = new java.util.Random(seed);
    this.faultRate = rate;
    this.randomFaults = List.copyOf(faults);
    return this;
  }

  /** Stops failing requests at random. */
  public synchronized FaultInjectingClusterClient stopFailingRandomly() {
    this.random = null;
    return this;
  }

  /** Holds every write (create, update, apply, delete) of a resource matching {@code target} until released. */
  public Hold holdWrites(Predicate<ResourceKey> target) {
    Hold h = new Hold(target);
    hold = h;
    return h;
  }

  /** Requests handled so far, all kinds. */
  public int calls() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Injected faults so far by description (e.g. {@code "injected 429"}). */
  public Map<String, Integer> injectedByKind() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    injectedByKind.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Fails the next request of kind {@code op} (any resource) with {@code fault}. */
  public FaultInjectingClusterClient failNext(Operation op, Fault fault) {
    return failNext(op, k -> true, fault);
  }

  /** Fails the next request of kind {@code op} about a resource matching {@code target}. */
  public synchronized FaultInjectingClusterClient failNext(Operation op, Predicate<ResourceKey> target, Fault fault) {
    script.get(op).addLast(new Scripted(target, fault));
    return this;
  }

  /** How many requests of kind {@code op} were made, failed ones included. */
  public int calls(Operation op) {
    return calls.get(op).get();
  }

  /** How many faults were injected so far. */
  public int injected() {
    return injected.get();
  }

  /**
   * Every write that reached the wrapped client, in order, as {@code "CREATE apps/Deployment ns/name"}
   * (failed ones included; injected faults that prevented the request excluded).
   */
  public List<String> writes() {
    return List.copyOf(writes);
  }

  /** How many scripted faults have not fired yet. */
  public synchronized int pending() {
    return script.values().stream().mapToInt(Deque::size).sum();
  }

  private synchronized @Nullable Fault take(Operation op, @Nullable ResourceKey key) {
    calls.get(op).incrementAndGet();
    Deque<Scripted> queue = script.get(op);
    for (var it = queue.iterator(); it.hasNext(); ) {
      Scripted s = it.next();
      if (key == null || s.target().test(key)) {
        it.remove();
        injected.incrementAndGet();
        injectedByKind.computeIfAbsent(s.fault().description(), d -> new AtomicInteger()).incrementAndGet();
        return s.fault();
      }
    }
    if (random != null && random.nextDouble() < faultRate) {
      Fault f = randomFaults.get(random.nextInt(randomFaults.size()));
      injected.incrementAndGet();
      injectedByKind.computeIfAbsent(f.description(), d -> new AtomicInteger()).incrementAndGet();
      return f;
    }
    return null;
  }

  private <T> T write(Operation op, ResourceKey key, java.util.function.Supplier<T> request) {
    Hold h = hold;
    if (h != null && op != Operation.GET) {
      h.pass(key);
    }
    Fault fault = take(op, key);
    if (fault == null || fault.afterWrite()) {
      if (op != Operation.GET) {
        writes.add(op + " " + key);
      }
      T result = request.get();
      if (fault == null) {
        return result;
      }
    }
    throw fault.toException(op, key);
  }

  @Override
  public ResourceType resourceType(String apiVersion, String kind) {
    return delegate.resourceType(apiVersion, kind);
  }

  @Override
  public List<ResourceType> resourceTypes() {
    return delegate.resourceTypes();
  }

  @Override
  public Optional<Manifest> get(ResourceKey key) {
    return write(Operation.GET, key, () -> delegate.get(key));
  }

  @Override
  public List<Manifest> list(ResourceType type, String namespace, Map<String, String> labels) {
    Fault fault = take(Operation.LIST, null);
    if (fault != null) {
      throw fault.toException(Operation.LIST, null);
    }
    return delegate.list(type, namespace, labels);
  }

  @Override
  public Manifest create(Manifest object) {
    return write(Operation.CREATE, object.key(), () -> delegate.create(object));
  }

  @Override
  public Manifest update(Manifest object) {
    return write(Operation.UPDATE, object.key(), () -> delegate.update(object));
  }

  @Override
  public Manifest serverSideApply(Manifest object, String fieldManager) {
    return write(Operation.SERVER_SIDE_APPLY, object.key(), () -> delegate.serverSideApply(object, fieldManager));
  }

  @Override
  public boolean delete(ResourceKey key, DeletePropagation propagation) {
    return write(Operation.DELETE, key, () -> delegate.delete(key, propagation));
  }

  @Override
  public ClusterWatch watch(ResourceType type, String namespace, Map<String, String> labels,
      Consumer<ClusterEvent> listener) {
    if (watchesSuppressed) {
      return () -> { };
    }
    return delegate.watch(type, namespace, labels, listener);
  }
}
