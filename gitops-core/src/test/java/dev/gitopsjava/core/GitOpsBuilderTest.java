package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GitOpsBuilderTest {

  @Test
  void aSecondPollIntervalFailsAtOnceNamingTheValue() {
    GitOps.Builder b = GitOps.builder().pollInterval(Duration.ofMinutes(3));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.pollInterval(Duration.ofMinutes(1)));
    assertTrue(e.getMessage().contains("PT3M"), e.getMessage());
  }

  @Test
  void nonPositiveDurationsAndCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> GitOps.builder().pollInterval(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> GitOps.builder().selfHealDebounce(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> GitOps.builder().healthTimeout(Duration.ofMillis(-5)));
    assertThrows(IllegalArgumentException.class, () -> GitOps.builder().concurrency(0));
    assertThrows(IllegalArgumentException.class, () -> GitOps.builder().historyLimit(0));
  }

  @Test
  void clusterAndRendererAreRequired() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> GitOps.builder().build());
    assertTrue(e.getMessage().contains("cluster"), e.getMessage());
  }
}
