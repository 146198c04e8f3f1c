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
}
