package dev.gitopsjava.core.diff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gitopsjava.core.model.Manifest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers diff verdicts by (differ, desired content, live uid and resourceVersion), so a refresh of
 * an application whose commit and live objects have not changed does not diff again: the API server
 * bumps an object's resourceVersion on every change, so an unchanged version means an unchanged
 * object. Bounded (Caffeine, least recently used out first), with hit and miss counts. Creations
 * (no live object) and objects without a resourceVersion are never cached.
 *
 * <pre>{@code
 * DiffVerdictCache cache = DiffVerdictCache.create(10_000);
 * Differ differ = cache.wrap(Differ.standard());
 * }</pre>
 */
public final class DiffVerdictCache {
  private static final AtomicLong GENERATIONS = new AtomicLong();

  private final Cache<Key, DiffResult> cache;

  /** Which wrapped differ (ignore rules differ per application), what from Git, which live version. */
  private record Key(long differ, Manifest desired, String liveUid, String liveResourceVersion) {}

  private DiffVerdictCache(long maxEntries) {
    this.cache = Caffeine.newBuilder().maximumSize(maxEntries).recordStats().build();
  }

  /** A cache of at most {@code maxEntries} verdicts. */
  public static DiffVerdictCache create(long maxEntries) {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("maxEntries must be >= 0, was " + maxEntries);
    }
    return new DiffVerdictCache(maxEntries);
  }

  /**
   * A differ that answers from this cache and asks {@code differ} on a miss. Each call starts a new
   * key space, so differs with other options never share verdicts.
   */
  public Differ wrap(Differ differ) {
    return new Caching(differ, GENERATIONS.incrementAndGet());
  }

  /** Diffs answered from the cache so far. */
  public long hits() {
    return cache.stats().hitCount();
  }

  /** Diffs that ran (cacheable ones only) so far. */
  public long misses() {
    return cache.stats().missCount();
  }

  /** Verdicts held now (approximately). */
  public long size() {
    return cache.estimatedSize();
  }

  private final class Caching implements Differ {
    private final Differ delegate;
    private final long generation;

    Caching(Differ delegate, long generation) {
      this.delegate = delegate;
      this.generation = generation;
    }

    @Override
    public DiffResult diff(Manifest desired, Optional<Manifest> live, Optional<Manifest> lastApplied) {
      if (live.isEmpty() || lastApplied.isPresent()) {
        return delegate.diff(desired, live, lastApplied);
      }
      var metadata = live.get().tree().path("metadata");
      String rv = metadata.path("resourceVersion").asString("");
      if (rv.isEmpty()) {
        return delegate.diff(desired, live, lastApplied);
      }
      Key key = new Key(generation, desired, metadata.path("uid").asString(""), rv);
      return cache.get(key, k -> delegate.diff(desired, live, lastApplied));
    }

    @Override
    public DiffResult diffWithDryRun(Manifest desired, Manifest live, Manifest dryRunResult) {
      return delegate.diffWithDryRun(desired, live, dryRunResult);
    }
  }
}
