package dev.gitopsjava.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.Destination;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three replicas (engine + ShardedGitOps each) in one JVM against one API server share 60
 * applications through Leases; one replica dies (stops renewing without releasing) and its
 * applications move to the others, which reconcile them again.
 */
class ShardedGitOpsIT {
  private static final int APPS = 60;
  private static final Duration LEASE = Duration.ofSeconds(4);
  private static final Duration RENEW = Duration.ofSeconds(1);

  /** One audit record: a global sequence number, the replica that emitted it, the event. */
  record Audit(long seq, String replica, GitOpsEvent event) {}

  private static MockCluster mock;
  private static LocalGitRepository repo;
  private static final List<GitSource> sources = new ArrayList<>();
  private static final List<KubernetesClient> clients = new ArrayList<>();
  private static final List<GitOps> engines = new ArrayList<>();
  private static final List<ShardedGitOps> replicas = new ArrayList<>();
  private static final List<Audit> audit = new CopyOnWriteArrayList<>();
  private static final AtomicLong seq = new AtomicLong();

  @BeforeAll
  static void start() throws Exception {
    Path temp = Files.createTempDirectory("gitops-shard");
    mock = MockCluster.start();
    repo = LocalGitRepository.create(temp.resolve("origin"));
    for (int i = 0; i < APPS; i++) {
      repo.write("apps/" + name(i) + "/config.yaml", configMap(name(i), "1"));
    }
    repo.commit("60 applications");
    for (int r = 1; r <= 3; r++) {
      String id = "replica-" + r;
      KubernetesClient client = clientFor(mock); // one per replica, as in separate processes
      clients.add(client);
      GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache-" + r)).build();
      GitOps engine = GitOps.builder()
          .cluster(new FaultInjectingClusterClient(ClusterClient.fabric8(client)).suppressWatches())
          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
          .pollInterval(Duration.ofHours(1))
          .concurrency(2)
          .build();
      engine.addListener(e -> audit.add(new Audit(seq.incrementAndGet(), id, e)));
      sources.add(git);
      engines.add(engine);
    }
    for (int r = 1; r <= 3; r++) {
      replicas.add(ShardedGitOps.builder(engines.get(r - 1), clients.get(r - 1))
          .namespace("gitops-system").group("shard-it").identity("replica-" + r)
          .leaseDuration(LEASE).renewInterval(RENEW).handoverDelay(Duration.ofSeconds(2))
          .releaseOnClose(false) // a dying replica leaves its Lease to expire
          .build());
    }
  }

  @AfterAll
  static void stop() {
    replicas.forEach(ShardedGitOps::close);
    engines.forEach(GitOps::close);
    sources.forEach(GitSource::close);
    clients.forEach(KubernetesClient::close);
    repo.close();
    mock.close();
  }

  static KubernetesClient clientFor(MockCluster cluster) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(cluster.server().url("/")).withNamespace("default")
        .withRequestTimeout(10_000).withConnectionTimeout(10_000).withRequestRetryBackoffLimit(0)
        .build()).build();
  }

  static String name(int i) {
    return "app-%02d".formatted(i);
  }

  static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {version: "%s"}
        """.formatted(name, value);
  }

  static Application app(int i) {
    return Application.builder(name(i))
        .source(SourceSpec.of(repo.url(), "HEAD", "apps/" + name(i)))
        .destination(Destination.inCluster("team"))
        .automated(true).prune(true)
        .build();
  }

  static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; " + audit.stream().filter(a -> a.event().type()
            == GitOpsEvent.Type.SYNC_SUCCEEDED).count() + " syncs, " + audit.stream().filter(a -> a.event().type()
            == GitOpsEvent.Type.REFRESHED).count() + " refreshes, last " + (audit.isEmpty() ? "" : audit.get(audit.size() - 1)));
      }
      Thread.sleep(50);
    }
  }

  static String version(int i) {
    ConfigMap cm = mock.client().configMaps().inNamespace("team").withName(name(i)).get();
    return cm == null ? "" : cm.getData().get("version");
  }

  static Set<String> replicasThatSynced(String app, String commit) {
    return audit.stream().filter(a -> a.event().application().equals(app)
            && a.event().type() == GitOpsEvent.Type.SYNC_SUCCEEDED && a.event().commit().equals(commit))
        .map(Audit::replica).collect(Collectors.toSet());
  }

  @Test
  void replicasShareApplicationsAndTakeOverFromADeadOne() throws Exception {
    String v1 = repo.commit("nothing new") ; // HEAD stays a commit with all 60 applications
    for (ShardedGitOps replica : replicas) {
      IntStream.range(0, APPS).forEach(i -> replica.manage(app(i)));
    }
    await("every application synced", Duration.ofSeconds(90),
        () -> IntStream.range(0, APPS).allMatch(i -> version(i).equals("1")
            && !replicasThatSynced(name(i), v1).isEmpty()));
    await("every application owned", Duration.ofSeconds(20),
        () -> replicas.stream().mapToInt(r -> r.owned().size()).sum() == APPS);

    // Every application is owned by exactly one replica, and only that one reconciled it.
    Map<String, String> ownerOf = new HashMap<>();
    for (ShardedGitOps replica : replicas) {
      assertEquals(Set.of("replica-1", "replica-2", "replica-3"), replica.members());
      for (String a : replica.owned()) {
        String before = ownerOf.put(a, replica.identity());
        assertEquals(null, before, a + " owned by " + before + " and " + replica.identity());
      }
      assertTrue(replica.owned().size() >= 8, replica.identity() + " owns only " + replica.owned().size());
    }
    assertEquals(APPS, ownerOf.size());
    for (int i = 0; i < APPS; i++) {
      String a = name(i);
      Set<String> reconciledBy = audit.stream().filter(e -> e.event().application().equals(a))
          .map(Audit::replica).collect(Collectors.toSet());
      assertEquals(Set.of(ownerOf.get(a)), reconciledBy, a);
    }

    // A new commit, then replica-3 dies: it stops renewing and its engine stops; nobody deletes its Lease.
    for (int i = 0; i < APPS; i++) {
      repo.write("apps/" + name(i) + "/config.yaml", configMap(name(i), "2"));
    }
    String v2 = repo.commit("version 2");
    Set<String> moved = new HashSet<>(replicas.get(2).owned());
    long died = System.nanoTime();
    replicas.get(2).close();
    engines.get(2).close();
    await("the dead replica's applications taken over", Duration.ofSeconds(20),
        () -> replicas.get(0).owned().size() + replicas.get(1).owned().size() == APPS);
    long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - died);
    await("moved applications synced to the new commit by their new owner", Duration.ofSeconds(30),
        () -> moved.stream().allMatch(a -> version(Integer.parseInt(a.substring(4))).equals("2")));
    System.out.printf("sharding: %d applications, %d moved from the dead replica, taken over after %d ms "
        + "(lease %d ms, renew %d ms)%n", APPS, moved.size(), takeoverMillis, LEASE.toMillis(), RENEW.toMillis());
    assertTrue(takeoverMillis >= LEASE.toMillis() - RENEW.toMillis(),
        "taken over before the dead replica's lease could expire: " + takeoverMillis + " ms");
    for (String a : moved) {
      Set<String> by = replicasThatSynced(a, v2);
      assertEquals(1, by.size(), a + " synced to v2 by " + by);
      assertTrue(!by.contains("replica-3"), a);
    }
    for (ShardedGitOps survivor : replicas.subList(0, 2)) {
      assertEquals(Set.of("replica-1", "replica-2"), survivor.members());
    }

    // The audit trail shows no application reconciled by two replicas at once: per application, the
    // replicas emitting events change at most once (the dead one's to a survivor), never back and forth.
    List<Audit> ordered = new ArrayList<>(audit);
    ordered.sort((x, y) -> Long.compare(x.seq(), y.seq()));
    for (int i = 0; i < APPS; i++) {
      String a = name(i);
      List<String> runs = new ArrayList<>();
      Map<String, String> openSync = new HashMap<>();
      for (Audit e : ordered) {
        if (!e.event().application().equals(a)) {
          continue;
        }
        if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(e.replica())) {
          runs.add(e.replica());
        }
        if (e.event().type() == GitOpsEvent.Type.SYNC_STARTED) {
          String other = openSync.values().stream().filter(r -> !r.equals(e.replica())).findAny().orElse(null);
          assertEquals(null, other, a + " synced by " + e.replica() + " while " + other + " was syncing it");
          openSync.put(e.replica(), e.replica());
        } else if (e.event().type() == GitOpsEvent.Type.SYNC_SUCCEEDED
            || e.event().type() == GitOpsEvent.Type.SYNC_FAILED) {
          openSync.remove(e.replica());
        }
      }
      int expectedRuns = moved.contains(a) ? 2 : 1;
      assertEquals(expectedRuns, runs.size(), a + " reconciled by " + runs);
      if (moved.contains(a)) {
        assertEquals("replica-3", runs.get(0), a);
      }
    }
  }
}
