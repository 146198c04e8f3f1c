package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.spi.RateLimitedException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import dev.gitopsjava.provision.testing.FakeTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetrierTest {

  final FakeTime time = new FakeTime();
  final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(8),
      Duration.ofMinutes(1));
  final Retrier retrier = new Retrier(policy, time, new Random(11), new RateLimitGate(time, time));

  @Test
  void transientFailuresBackOffWithFullJitterUnderTheCap() {
    AtomicInteger calls = new AtomicInteger();
    String result = retrier.call("op", () -> {
      if (calls.incrementAndGet() < 5) {
        throw new TransientProviderException("p", "502 bad gateway");
      }
      return "ok";
    });
    assertEquals("ok", result);
    List<Duration> sleeps = time.sleeps();
    assertEquals(4, sleeps.size());
    for (int i = 0; i < sleeps.size(); i++) {
      Duration ceiling = Duration.ofSeconds(Math.min(8, 1L << i));
      assertTrue(!sleeps.get(i).isNegative() && sleeps.get(i).compareTo(ceiling) <= 0,
          "sleep " + i + " = " + sleeps.get(i) + " above " + ceiling);
    }
  }

  @Test
  void givesUpAfterMaxAttemptsNamingTheCall() {
    RetriesExhaustedException e = assertThrows(RetriesExhaustedException.class,
        () -> retrier.call("create workers-0", () -> {
          throw new TransientProviderException("p", "504 timeout");
        }));
    assertTrue(e.getMessage().startsWith("create workers-0: gave up after 5 attempts"),
        e.getMessage());
  }

  @Test
  void rateLimitPausesForRetryAfterAndSkipsTheRecheck() {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger rechecks = new AtomicInteger();
    retrier.call("op", () -> {
      if (calls.incrementAndGet() == 1) {
        throw new RateLimitedException("p", "429", Optional.of(Duration.ofSeconds(42)));
      }
      return "ok";
    }, () -> {
      rechecks.incrementAndGet();
      return Optional.empty();
    });
    assertEquals(List.of(Duration.ofSeconds(42)), time.sleeps());
    assertEquals(0, rechecks.get(), "a refused request did nothing; no need to look");
  }

  @Test
  void recheckAfterALostResponseAvoidsRepeatingTheCall() {
    AtomicInteger calls = new AtomicInteger();
    String r = retrier.call("create", () -> {
      calls.incrementAndGet();
      throw new TransientProviderException("p", "connection reset");
    }, () -> Optional.of("found"));
    assertEquals("found", r);
    assertEquals(1, calls.get());
  }

  @Test
  void backoffIsFullJitterUnderACeilingThatDoublesUpToTheCap() {
    // Bounds alone hold for a retrier that never waits or always waits the ceiling; the draws must
    // also spread over [0, ceiling], and the ceiling must be base * 2^attempt capped.
    Retrier seeded = new Retrier(policy, time, new Random(7), new RateLimitGate(time, time));
    long[] ceilings = {1_000, 2_000, 4_000, 8_000, 8_000, 8_000};
    for (int attempt = 0; attempt < ceilings.length; attempt++) {
      long min = Long.MAX_VALUE;
      long max = 0;
      long sum = 0;
      int draws = 400;
      for (int i = 0; i < draws; i++) {
        long ms = seeded.jitter(attempt).toMillis();
        assertTrue(ms >= 0 && ms <= ceilings[attempt], "attempt " + attempt + ": " + ms + " ms");
        min = Math.min(min, ms);
        max = Math.max(max, ms);
        sum += ms;
      }
      long c = ceilings[attempt];
      assertTrue(min < c / 20, "attempt " + attempt + ": smallest wait " + min + " of " + c);
      assertTrue(max > c - c / 20, "attempt " + attempt + ": largest wait " + max + " of " + c);
      double mean = (double) sum / draws;
      assertTrue(Math.abs(mean - c / 2.0) < c * 0.1, "attempt " + attempt + ": mean " + mean);
    }
  }
}
