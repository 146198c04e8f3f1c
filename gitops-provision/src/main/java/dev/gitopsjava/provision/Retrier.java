package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderException;
import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a provider with the {@link RetryPolicy}: backoff with jitter, rate-limit waits. */
final class Retrier {

  private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

  /** Runs before a retry; may return a result that makes the retry unnecessary. */
  @FunctionalInterface
  interface Recheck<T> {
    Optional<T> recheck();
  }

  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final RandomGenerator random;
  private final RateLimitGate gate;

  Retrier(RetryPolicy policy, Sleeper sleeper, RandomGenerator random, RateLimitGate gate) {
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
    this.gate = gate;
  }

  <T> T call(String what, Supplier<T> call) {
    return call(what, call, Optional::empty);
  }

  /**
   * Calls {@code call} until it succeeds, fails permanently or runs out of attempts. Before each
   * retry after a transient failure (whose outcome is unknown), {@code recheck} may find that the
   * first call did succeed after all (a lost create response).
   */
  <T> T call(String what, Supplier<T> call, Recheck<T> recheck) {
    ProviderException last = null;
    for (int attempt = 0; attempt < policy.maxAttempts(); attempt++) {
      try {
        if (attempt > 0 && last != null && !(last instanceof RateLimitedException)) {
          Optional<T> found = recheck.recheck();
          if (found.isPresent()) {
            LOG.info("{}: found the result of an earlier attempt, not repeating it", what);
            return found.get();
          }
        }
        gate.await();
        return call.get();
      } catch (PermanentProviderException e) {
        throw e;
      } catch (RateLimitedException e) {
        last = e;
        Duration wait = e.retryAfter().orElseGet(() -> jitter(0));
        LOG.info("{}: rate limited, waiting {}", what, wait);
        gate.pauseFor(wait);
      } catch (TransientProviderException e) {
        last = e;
        if (attempt + 1 < policy.maxAttempts()) {
          Duration wait = jitter(attempt);
          LOG.info("{}: transient failure ({}), retrying in {}", what, e.getMessage(), wait);
          sleep(wait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApplyInterruptedException(what);
      }
    }
    throw new RetriesExhaustedException(what, policy.maxAttempts(), last);
  }

  void sleep(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApplyInterruptedException("waiting");
    }
  }

  /** Full jitter: uniform in [0, ceiling(attempt)]. */
  Duration jitter(int attempt) {
    long ceiling = policy.ceiling(attempt).toMillis();
    double draw;
    synchronized (random) {
      // Not every RandomGenerator is thread-safe, and the apply workers share this one.
      draw = random.nextDouble();
    }
    return Duration.ofMillis(ceiling == 0 ? 0 : Math.min(ceiling, (long) (draw * (ceiling + 1))));
  }
}
