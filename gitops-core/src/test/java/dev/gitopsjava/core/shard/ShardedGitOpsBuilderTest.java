package dev.gitopsjava.core.shard;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timings that fabric8's elector or the fencing rule cannot honour are refused before anything starts. */
class ShardedGitOpsBuilderTest {
  @TempDir Path temp;
  private KubernetesClient client;
  private GitSource git;
  private GitOps engine;

  @BeforeEach
  void engine() {
    // Never contacted: every build below fails before the replica starts.
    client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl("http://127.0.0.1:1/").build()).build();
    git = GitSource.builder().cacheDirectory(temp).build();
    engine = GitOps.builder().cluster(ClusterClient.fabric8(client))
        .renderer(DesiredStateRenderer.builder().gitSource(git).build()).build();
  }

  @AfterEach
  void close() {
    engine.close();
    git.close();
    client.close();
  }

  private ShardedGitOps.Builder replica() {
    return ShardedGitOps.builder(engine, client).namespace("gitops").identity("replica-1");
  }

  @Test
  void aRenewDeadlineNotShorterThanTheLeaseIsRefusedNamingBoth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replica()
        .leaseDuration(Duration.ofSeconds(10)).renewDeadline(Duration.ofSeconds(10)).build());
    assertTrue(e.getMessage().contains("renewDeadline PT10S") && e.getMessage().contains("leaseDuration PT10S"),
        e.getMessage());
  }

  @Test
  void aRetryPeriodThatCannotMissOnceWithinTheDeadlineIsRefused() {
    // fabric8 wants renewDeadline > retryPeriod * 2.2 (one retry plus jitter).
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> replica()
        .leaseDuration(Duration.ofSeconds(15)).renewDeadline(Duration.ofSeconds(10)).retryPeriod(Duration.ofSeconds(5))
        .build());
    assertTrue(e.getMessage().contains("retryPeriod PT5S"), e.getMessage());
  }

  @Test
  void aLeaseDurationInFractionsOfASecondIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> replica().leaseDuration(Duration.ofMillis(4500)));
  }

  @Test
  void identityIsRequiredAndMustBeADnsLabel() {
    assertThrows(IllegalStateException.class, () -> ShardedGitOps.builder(engine, client).namespace("gitops").build());
    assertThrows(IllegalArgumentException.class, () -> replica().identity("Replica_1"));
  }
}
