package dev.gitopsjava.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replicas (engine + ShardedGitOps each, one client each, as in separate processes) in one JVM
 * against one API server share applications through fabric8-elected Leases. Each test is its own
 * group with its own applications: a replica dies, one leaves, one joins during a long sync, one
 * loses the API server. Every test ends with the audit check: no application is ever synced by two
 * replicas at once.
 */
class ShardedGitOpsIT {
  private static final Duration LEASE = Duration.ofSeconds(5);
  private static final Duration DEADLINE = Duration.ofMillis(3000);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final String NAMESPACE = "gitops-system";

  /** One audit record: a global sequence number, the replica that emitted it, the event. */
  record Audit(long seq, String replica, GitOpsEvent event) {}

  /** One replica: its clients, engine and shard membership. */
  record Replica(String id, KubernetesClient client, GitSource git, GitOps engine, FaultInjectingClusterClient cluster,
      ShardedGitOps shard) {}

  private static MockCluster mock;
  private static LocalGitRepository repo;
  private static Path temp;
  private static final List<Audit> audit = new CopyOnWriteArrayList<>();
  private static final AtomicLong seq = new AtomicLong();
  private final List<Replica> started = new ArrayList<>();
  private final List<KubernetesClient> extraClients = new ArrayList<>();
  private final List<FaultInjectingClusterClient.Hold> holds = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    temp = Files.createTempDirectory("gitops-shard");
    mock = MockCluster.start();
    repo = LocalGitRepository.create(temp.resolve("origin"));
  }

  @AfterAll
  static void stop() {
    repo.close();
    mock.close();
  }

  @AfterEach
  void closeReplicas() {
    holds.forEach(FaultInjectingClusterClient.Hold::release);
    for (Replica r : started) {
      r.shard().close();
      r.engine().close();
      r.git().close();
      r.client().close();
    }
    extraClients.forEach(KubernetesClient::close);
  }

  // --- the four properties -------------------------------------------------------------------

  @Test
  void replicasShareApplicationsAndTakeOverFromADeadOne() throws Exception {
    List<String> apps = writeApps("kill", 60, "1");
    String v1 = repo.commit("60 applications");
    List<Replica> group = List.of(replica("kill", "replica-1", false), replica("kill", "replica-2", false),
        replica("kill", "replica-3", false));
    awaitMembers(group);
    group.forEach(r -> apps.forEach(a -> r.shard().manage(app(a))));
    await("every application synced", Duration.ofSeconds(120),
        () -> apps.stream().allMatch(a -> version(a).equals("1") && !syncedBy(a, v1).isEmpty()));
    Map<String, String> ownerOf = awaitPartition(group, apps);

    // Every application is owned by exactly one replica, and only that one reconciled it.
    for (Replica r : group) {
      assertEquals(Set.of("replica-1", "replica-2", "replica-3"), r.shard().members());
      assertTrue(r.shard().owned().size() >= 8, r.id() + " owns only " + r.shard().owned().size());
    }
    for (String a : apps) {
      assertEquals(Set.of(ownerOf.get(a)), eventsOf(a).stream().map(Audit::replica).collect(Collectors.toSet()), a);
    }
    String split = group.stream().map(r -> String.valueOf(r.shard().owned().size())).collect(Collectors.joining("/"));

    // A new commit, then replica-3 dies: it stops its engine and renewing; nobody clears its Lease.
    writeApps("kill", 60, "2");
    String v2 = repo.commit("version 2");
    Replica dead = group.get(2);
    Set<String> moved = new HashSet<>(dead.shard().owned());
    kill(dead);
    Instant died = Instant.now();
    Instant lastRenew = renewTime("kill", dead.id());
    assertEquals(dead.id(), holder("kill", dead.id()), "a dead replica's Lease keeps its holder");
    List<Replica> survivors = group.subList(0, 2);
    await("the dead replica's applications taken over", Duration.ofSeconds(30),
        () -> survivors.stream().mapToInt(r -> r.shard().owned().size()).sum() == apps.size());
    Instant takenOver = Instant.now();
    long takeover = Duration.between(lastRenew, takenOver).toMillis();
    await("moved applications synced to the new commit by their new owner", Duration.ofSeconds(60),
        () -> moved.stream().allMatch(a -> version(a).equals("2")));
    System.out.printf("sharding: %d applications split %s, %d moved from the dead replica, taken over %d ms after "
            + "its last renewTime, %d ms after it died (lease %d ms, renewDeadline %d ms, retry %d ms; lease + retry = "
            + "%d ms)%n", apps.size(), split, moved.size(), takeover, Duration.between(died, takenOver).toMillis(),
        LEASE.toMillis(), DEADLINE.toMillis(), RETRY.toMillis(), LEASE.plus(RETRY).toMillis());
    assertTrue(takeover >= LEASE.toMillis(), "taken over before the dead replica's lease expired: " + takeover + " ms");
    for (String a : moved) {
      Set<String> by = syncedBy(a, v2);
      assertEquals(1, by.size(), a + " synced to v2 by " + by);
      assertFalse(by.contains(dead.id()), a);
    }
    for (Replica survivor : survivors) {
      assertEquals(Set.of("replica-1", "replica-2"), survivor.shard().members());
      assertTrue(survivor.shard().owned().containsAll(ownedBefore(ownerOf, survivor.id())),
          survivor.id() + " lost applications that were its own");
    }
    assertNoOverlap(apps, moved, dead.id(), 1);
  }

  @Test
  void aReplicaThatLeavesReleasesItsLeaseAndItsApplicationsMoveAtOnce() throws Exception {
    List<String> apps = writeApps("leave", 12, "1");
    String v1 = repo.commit("12 applications to share");
    List<Replica> group = List.of(replica("leave", "replica-1", true), replica("leave", "replica-2", true),
        replica("leave", "replica-3", true));
    awaitMembers(group);
    group.forEach(r -> apps.forEach(a -> r.shard().manage(app(a))));
    awaitPartition(group, apps);
    await("every application synced", Duration.ofSeconds(60),
        () -> apps.stream().allMatch(a -> !syncedBy(a, v1).isEmpty()));
    Replica leaving = group.get(0);
    Set<String> moved = new HashSet<>(leaving.shard().owned());
    assertFalse(moved.isEmpty(), "the leaving replica owns nothing");

    long closing = System.nanoTime();
    leaving.shard().close();
    long closed = System.nanoTime();
    assertEquals("", holder("leave", leaving.id()), "the Lease is released on close");
    List<Replica> rest = group.subList(1, 3);
    await("the leaving replica's applications taken over", Duration.ofSeconds(30),
        () -> rest.stream().mapToInt(r -> r.shard().owned().size()).sum() == apps.size());
    long takeover = (System.nanoTime() - closed) / 1_000_000;
    System.out.printf("sharding: graceful leave of a replica owning %d of %d applications: close took %d ms, "
        + "taken over %d ms after it returned (lease %d ms)%n", moved.size(), apps.size(),
        (closed - closing) / 1_000_000, takeover, LEASE.toMillis());
    assertTrue(takeover < LEASE.toMillis(), "a released Lease is not waited out: " + takeover + " ms");
    await("the moved applications reconciled by their new owners", Duration.ofSeconds(30),
        () -> moved.stream().allMatch(a -> eventsOf(a).stream().anyMatch(e -> !e.replica().equals(leaving.id())
            && e.event().type() == GitOpsEvent.Type.REFRESHED)));
    assertNoOverlap(apps, moved, leaving.id(), 1);
  }

  @Test
  void aJoiningReplicaWaitsForTheOldOwnersSyncInProgress() throws Exception {
    List<String> apps = writeApps("join", 24, "1");
    String v1 = repo.commit("24 applications to share");
    List<Replica> group = new ArrayList<>(List.of(replica("join", "replica-1", true),
        replica("join", "replica-2", true), replica("join", "replica-3", true)));
    awaitMembers(group);
    group.forEach(r -> apps.forEach(a -> r.shard().manage(app(a))));
    await("every application synced", Duration.ofSeconds(60),
        () -> apps.stream().allMatch(a -> !syncedBy(a, v1).isEmpty()));
    Map<String, String> ownerOf = awaitPartition(group, apps);

    // The application that replica-4 wins by hashing, and what else moves to it from other owners.
    Set<String> four = Set.of("replica-1", "replica-2", "replica-3", "replica-4");
    List<String> gained = apps.stream().filter(a -> RendezvousHash.owner(a, four).orElseThrow().equals("replica-4"))
        .toList();
    String slow = gained.get(0);
    String oldOwner = ownerOf.get(slow);
    Set<String> fromOthers = gained.stream().filter(a -> !ownerOf.get(a).equals(oldOwner)).collect(Collectors.toSet());
    assertFalse(fromOthers.isEmpty(), "replica-4 gains applications from one owner only: " + gained);

    // The old owner starts a sync of the slow application and is held in the middle of it.
    Replica old = group.stream().filter(r -> r.id().equals(oldOwner)).findFirst().orElseThrow();
    FaultInjectingClusterClient.Hold hold = old.cluster().holdWrites(k -> k.name().equals(slow));
    holds.add(hold);
    repo.write("apps/" + slow + "/config.yaml", configMap(slow, "2"));
    String v2 = repo.commit("a slow change");
    var refreshed = old.engine().refresh(slow);
    assertTrue(hold.awaitHeld(Duration.ofSeconds(60)), "the old owner never wrote " + slow);

    Replica joiner = replica("join", "replica-4", true);
    apps.forEach(a -> joiner.shard().manage(app(a)));
    await("replica-4 takes what it gains from the other owners", Duration.ofSeconds(30),
        () -> joiner.shard().owned().containsAll(fromOthers));
    assertFalse(joiner.shard().owned().contains(slow), slow + " taken while its old owner's sync is running");
    assertTrue(eventsOf(slow).stream().noneMatch(e -> e.replica().equals("replica-4")),
        "replica-4 reconciled " + slow + " during the old owner's sync");
    assertFalse(refreshed.isDone(), "the held sync finished early");

    hold.release();
    refreshed.get(60, java.util.concurrent.TimeUnit.SECONDS);
    // The old owner wrote v2; the new owner finds it in sync (or syncs it again, never both at once).
    await("replica-4 takes and reconciles " + slow, Duration.ofSeconds(30),
        () -> joiner.shard().owned().containsAll(gained) && !syncedBy(slow, v2).isEmpty()
            && eventsOf(slow).stream().anyMatch(e -> e.replica().equals("replica-4")
                && e.event().type() == GitOpsEvent.Type.REFRESHED));
    long oldFinished = eventsOf(slow).stream().filter(e -> e.replica().equals(oldOwner) && ends(e)).mapToLong(Audit::seq)
        .max().orElseThrow(() -> new AssertionError("no end of " + oldOwner + "'s sync: " + eventsOf(slow)));
    long newStarted = eventsOf(slow).stream().filter(e -> e.replica().equals("replica-4")).mapToLong(Audit::seq)
        .min().orElseThrow(() -> new AssertionError("replica-4 never reconciled " + slow + ": " + eventsOf(slow)));
    assertTrue(oldFinished < newStarted, "replica-4 started on " + slow + " before the old owner's sync ended");
    System.out.printf("sharding: replica-4 joined during %s's held sync of %s; it took %d applications from the "
        + "others at once and %s only after that sync ended%n", oldOwner, slow, fromOthers.size(), slow);
    assertNoOverlap(apps, new HashSet<>(gained), null, 1);
  }

  @Test
  void aReplicaThatCannotRenewStopsItsApplicationsBeforeItsLeaseExpires() throws Exception {
    List<String> apps = writeApps("fence", 12, "1");
    repo.commit("12 applications, one replica to lose the API server");
    AtomicBoolean cut = new AtomicBoolean();
    Replica healthy = replica("fence", "replica-1", true);
    Replica partitioned = replica("fence", "replica-2", true, leaseClient(cut));
    List<Replica> group = List.of(healthy, partitioned);
    awaitMembers(group);
    group.forEach(r -> apps.forEach(a -> r.shard().manage(app(a))));
    awaitPartition(group, apps);
    Set<String> moved = new HashSet<>(partitioned.shard().owned());
    assertFalse(moved.isEmpty());

    cut.set(true); // its Lease requests now fail to connect; its engine still reaches the cluster
    Instant lastRenew = renewTime("fence", partitioned.id());
    await("the partitioned replica stops its applications", Duration.ofSeconds(30),
        () -> partitioned.shard().owned().isEmpty());
    long fenced = Duration.between(lastRenew, Instant.now()).toMillis();
    await("its applications taken over", Duration.ofSeconds(30),
        () -> healthy.shard().owned().size() == apps.size());
    long takeover = Duration.between(lastRenew, Instant.now()).toMillis();
    assertEquals(lastRenew, renewTime("fence", partitioned.id()), "a renewal got through the cut");
    System.out.printf("sharding: renewals cut: the replica stopped its %d applications %d ms after its last "
        + "renewTime (renewDeadline %d ms, lease %d ms); the other took them over after %d ms%n", moved.size(), fenced,
        DEADLINE.toMillis(), LEASE.toMillis(), takeover);
    assertTrue(fenced >= DEADLINE.toMillis() && fenced < LEASE.toMillis(), "fenced after " + fenced + " ms");

    cut.set(false); // it rejoins with a new elector and gets its share back
    await("the healed replica rejoins", Duration.ofSeconds(30),
        () -> partitioned.shard().owned().equals(moved) && healthy.shard().owned().size() == apps.size() - moved.size());
    assertNoOverlap(apps, moved, partitioned.id(), 2); // away and back
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Replica replica(String group, String id, boolean releaseOnClose) throws Exception {
    return replica(group, id, releaseOnClose, clientFor(mock));
  }

  private Replica replica(String group, String id, boolean releaseOnClose, KubernetesClient leaseClient)
      throws Exception {
    KubernetesClient client = clientFor(mock); // the engine's; the Leases go through their own
    extraClients.add(leaseClient);
    GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache-" + group + "-" + id)).build();
    FaultInjectingClusterClient cluster = new FaultInjectingClusterClient(ClusterClient.fabric8(client));
    GitOps engine = GitOps.builder()
        .cluster(cluster)
        .renderer(DesiredStateRenderer.builder().gitSource(git).build())
        .pollInterval(Duration.ofHours(1))
        .concurrency(2)
        .build();
    engine.addListener(e -> audit.add(new Audit(seq.incrementAndGet(), id, e)));
    ShardedGitOps shard = ShardedGitOps.builder(engine, leaseClient)
        .namespace(NAMESPACE).group(group).identity(id)
        .leaseDuration(LEASE).renewDeadline(DEADLINE).retryPeriod(RETRY)
        .releaseOnClose(releaseOnClose)
        .build();
    Replica r = new Replica(id, client, git, engine, cluster, shard);
    started.add(r);
    return r;
  }

  /** Death as the others see it: the engine stops, renewals stop, the Lease is left to expire. */
  private void kill(Replica r) {
    r.shard().close(); // built with releaseOnClose(false)
    r.engine().close();
    started.remove(r);
    r.git().close();
    r.client().close();
  }

  static KubernetesClient clientFor(MockCluster cluster) {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  private static Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(mock.server().url("/")).withNamespace("default")
        .withRequestTimeout(10_000).withConnectionTimeout(10_000).withRequestRetryBackoffLimit(0)
        .build();
  }

  /** A client whose requests, while {@code cut} is set, go to a closed loopback port. */
  private static KubernetesClient leaseClient(AtomicBoolean cut) {
    Interceptor partition = new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        if (cut.get()) {
          URI uri = request.uri();
          builder.uri(URI.create("http://127.0.0.1:1" + uri.getRawPath()
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
        }
      }
    };
    return new KubernetesClientBuilder().withConfig(config())
        .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("partition", partition)).build();
  }

  private static List<String> writeApps(String prefix, int count, String value) throws Exception {
    List<String> names = IntStream.range(0, count).mapToObj(i -> "%s-%02d".formatted(prefix, i)).toList();
    for (String name : names) {
      repo.write("apps/" + name + "/config.yaml", configMap(name, value));
    }
    return names;
  }

  static String configMap(String name, String value) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {version: "%s"}
        """.formatted(name, value);
  }

  static Application app(String name) {
    return Application.builder(name)
        .source(SourceSpec.of(repo.url(), "HEAD", "apps/" + name))
        .destination(Destination.inCluster("team"))
        .automated(true).prune(true)
        .build();
  }

  static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("timed out waiting for " + what + "; " + audit.stream().filter(a -> a.event().type()
            == GitOpsEvent.Type.SYNC_SUCCEEDED).count() + " syncs, last " + (audit.isEmpty() ? "" : audit.get(audit.size() - 1)));
      }
      Thread.sleep(20);
    }
  }

  /**
   * Waits until every replica sees all of them: applications given earlier would first go to the
   * replicas already up and then move, which is a hand-over, not the steady state a test starts from.
   */
  private static void awaitMembers(List<Replica> group) throws InterruptedException {
    Set<String> all = group.stream().map(Replica::id).collect(Collectors.toSet());
    await("every replica sees " + all, Duration.ofSeconds(30),
        () -> group.stream().allMatch(r -> r.shard().members().equals(all)));
  }

  /** Waits until the replicas own every application exactly once, and returns the owners. */
  private static Map<String, String> awaitPartition(List<Replica> group, List<String> apps) throws InterruptedException {
    await("every application owned by one replica", Duration.ofSeconds(60), () -> {
      Map<String, Integer> count = new HashMap<>();
      group.forEach(r -> r.shard().owned().forEach(a -> count.merge(a, 1, Integer::sum)));
      return apps.stream().allMatch(a -> count.getOrDefault(a, 0) == 1) && count.size() == apps.size();
    });
    Map<String, String> ownerOf = new HashMap<>();
    group.forEach(r -> r.shard().owned().forEach(a -> ownerOf.put(a, r.id())));
    return ownerOf;
  }

  private static Set<String> ownedBefore(Map<String, String> ownerOf, String replica) {
    return ownerOf.entrySet().stream().filter(e -> e.getValue().equals(replica)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  static String version(String name) {
    ConfigMap cm = mock.client().configMaps().inNamespace("team").withName(name).get();
    return cm == null ? "" : cm.getData().get("version");
  }

  private static Lease lease(String group, String id) {
    return mock.client().leases().inNamespace(NAMESPACE).withName(group + "-" + id).get();
  }

  private static Instant renewTime(String group, String id) {
    return lease(group, id).getSpec().getRenewTime().toInstant();
  }

  private static String holder(String group, String id) {
    String h = lease(group, id).getSpec().getHolderIdentity();
    return h == null ? "" : h;
  }

  private static List<Audit> eventsOf(String app) {
    return audit.stream().filter(a -> a.event().application().equals(app)).toList();
  }

  static Set<String> syncedBy(String app, String commit) {
    return eventsOf(app).stream().filter(a -> a.event().type() == GitOpsEvent.Type.SYNC_SUCCEEDED
        && a.event().commit().equals(commit)).map(Audit::replica).collect(Collectors.toSet());
  }

  private static boolean ends(Audit a) {
    return a.event().type() == GitOpsEvent.Type.SYNC_SUCCEEDED || a.event().type() == GitOpsEvent.Type.SYNC_FAILED;
  }

  /**
   * From the audit trail: no sync of an application starts while another replica's sync of it is
   * open, and the replicas emitting its events change {@code movesOfMoved} times at most for a moved
   * application (its first owner {@code from} if given) and never for the others.
   */
  private static void assertNoOverlap(List<String> apps, Set<String> moved, @Nullable String from, int movesOfMoved) {
    for (String a : apps) {
      List<String> runs = new ArrayList<>();
      Set<String> open = new HashSet<>();
      for (Audit e : eventsOf(a)) {
        if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(e.replica())) {
          runs.add(e.replica());
        }
        if (e.event().type() == GitOpsEvent.Type.SYNC_STARTED) {
          Set<String> others = new HashSet<>(open);
          others.remove(e.replica());
          assertEquals(Set.of(), others, a + " synced by " + e.replica() + " while " + others + " was syncing it");
          open.add(e.replica());
        } else if (ends(e)) {
          open.remove(e.replica());
        }
      }
      assertTrue(runs.size() <= (moved.contains(a) ? 1 + movesOfMoved : 1), a + " reconciled by " + runs);
      if (from != null && moved.contains(a) && !runs.isEmpty()) {
        assertEquals(from, runs.get(0), a);
      }
    }
  }
}
