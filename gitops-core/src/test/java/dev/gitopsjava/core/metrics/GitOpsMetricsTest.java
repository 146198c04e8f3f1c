package dev.gitopsjava.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.diff.DiffVerdictCache;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.model.Manifest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GitOpsMetricsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

  private static GitOpsEvent event(GitOpsEvent.Type type, String app, String message, Duration after) {
    return new GitOpsEvent(type, app, "abc1234", T0.plus(after), message, Optional.empty());
  }

  @Test
  void syncsAreCountedByPhaseAndTimedFromStartToFinish() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    GitOpsMetrics metrics = GitOpsMetrics.builder(registry).build();
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_STARTED, "payments", "trigger: periodic", Duration.ZERO));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_SUCCEEDED, "payments", "ok", Duration.ofMillis(1500)));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_STARTED, "payments", "trigger: periodic", Duration.ofSeconds(10)));
    metrics.onEvent(event(GitOpsEvent.Type.SYNC_FAILED, "payments", "HTTP 500", Duration.ofSeconds(12)));
    metrics.onEvent(event(GitOpsEvent.Type.REFRESHED, "payments", "SYNCED", Duration.ofSeconds(13)));
    metrics.onEvent(event(GitOpsEvent.Type.REFRESHED, "payments", "OUT_OF_SYNC", Duration.ofSeconds(14)));
    metrics.onEvent(event(GitOpsEvent.Type.COMPARISON_FAILED, "payments", "repository unavailable",
        Duration.ofSeconds(15)));

    assertEquals(1.0, registry.get("gitops.app.sync.total").tags("name", "payments", "phase", "Succeeded")
        .counter().count());
    assertEquals(1.0, registry.get("gitops.app.sync.total").tags("name", "payments", "phase", "Failed")
        .counter().count());
    var timer = registry.get("gitops.app.sync.duration").tag("name", "payments").timer();
    assertEquals(2, timer.count());
    assertEquals(3500.0, timer.totalTime(TimeUnit.MILLISECONDS), 0.001);
    for (String result : new String[] {"Synced", "OutOfSync", "ComparisonError"}) {
      assertEquals(1.0, registry.get("gitops.app.refresh").tags("name", "payments", "result", result)
          .counter().count(), result);
    }
  }

  @Test
  void diffCacheHitRatioFollowsTheCache() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    DiffVerdictCache cache = DiffVerdictCache.create(10);
    GitOpsMetrics.builder(registry).diffCache(cache).build();
    Differ differ = cache.wrap(Differ.standard());
    Manifest desired = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n}\n"
        + "data: {k: v}\n");
    Manifest live = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: n, uid: u1,"
        + " resourceVersion: \"7\"}\ndata: {k: v}\n");
    for (int i = 0; i < 4; i++) {
      differ.diff(desired, Optional.of(live));
    }
    assertEquals(3.0, registry.get("gitops.diff.cache.hits").functionCounter().count());
    assertEquals(1.0, registry.get("gitops.diff.cache.misses").functionCounter().count());
    assertEquals(0.75, registry.get("gitops.diff.cache.hit.ratio").gauge().value(), 1e-9);
  }
}
