package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.ApplicationStatus.Condition;
import dev.gitopsjava.core.ApplicationStatus.SyncStatus;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient;
import dev.gitopsjava.core.cluster.FaultInjectingClusterClient.Fault;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.sync.ResourceResult;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 500+ syncs of 20 applications through a cluster client that disturbs 20% of requests (409, 429
 * with Retry-After, 500, dropped connections before and after the write, slow responses, and the
 * engine's shared watch cut), while another writer edits the same objects (real 409s from the API
 * server), Git commits arrive and files leave Git (prune), and Git goes away for a while. Then a
 * watch is cut and kept down while two applications drift: self-heal must still see it once the
 * watch is back. Prints the figures; docs/reliability.md holds those of a real run.
 *
 * <p>Reproduce: {@code mvn -B -o -q -pl gitops-core -am test -Dtest=FaultToleranceIT
 * -Dsurefire.failIfNoSpecifiedTests=false}; figures in
 * {@code gitops-core/target/reliability.txt}.
 */
class FaultToleranceIT {
  private static final int APPS = 20;
  private static final int TARGET_SYNCS = 500;

  @Test
  void everyApplicationConvergesUnderInjectedFaultsAndNothingIsLost() throws Exception {
    Path temp = Files.createTempDirectory("gitops-faults");
    try (MockCluster mock = MockCluster.start();
         LocalGitRepository repo = LocalGitRepository.create(temp.resolve("origin"));
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      for (int i = 0; i < APPS; i++) {
        repo.write(dir(i) + "/main.yaml", GitOpsIT.configMap("main", "0"))
            .write(dir(i) + "/extra.yaml", GitOpsIT.configMap("extra", "0"));
        // Not ours: same namespace, no tracking mark. Prune must never touch it.
        mock.client().configMaps().inNamespace(ns(i)).resource(new ConfigMapBuilder()
            .withNewMetadata().withName("unowned").withNamespace(ns(i)).endMetadata()
            .addToData("owner", "someone else").build()).create();
      }
      repo.commit("round 0");
      FaultInjectingClusterClient faulty = new FaultInjectingClusterClient(ClusterClient.fabric8(mock.client()));
      try (GitOps gitOps = GitOps.builder().cluster(faulty)
          .renderer(DesiredStateRenderer.builder().gitSource(git).build())
          .pollInterval(Duration.ofHours(1))
          .selfHealDebounce(Duration.ofMillis(200))
          .sleeper(d -> { }) // back-off and Retry-After are honoured, but take no wall time here
          .concurrency(4)
          .build()) {
        faulty.failRandomly(0.20, 42L, List.of(Fault.conflict(), Fault.tooManyRequests(Duration.ofSeconds(1)),
            Fault.serverError(500), Fault.dropBeforeSending(), Fault.dropAfterWrite(),
            Fault.slowResponse(Duration.ofMillis(3)), Fault.watchDisconnect()));

        // Another writer annotates the same objects meanwhile; every annotation it managed to write
        // must still be there at the end (a lost update would drop it).
        Map<String, String> written = new ConcurrentHashMap<>();
        AtomicInteger otherConflicts = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Future<?> writer = pool.submit(() -> otherWriter(mock, stop, written, otherConflicts));

        long started = System.nanoTime();
        int syncs = 0;
        int failedSyncs = 0;
        int retries = 0;
        int round = 0;
        while (syncs < TARGET_SYNCS) {
          round++;
          for (int i = 0; i < APPS; i++) {
            repo.write(dir(i) + "/main.yaml", GitOpsIT.configMap("main", String.valueOf(round)));
            if (round == 5) {
              repo.delete(dir(i) + "/extra.yaml"); // leaves Git: pruned (ours), unowned stays
            }
          }
          repo.commit("round " + round);
          List<Future<List<SyncResult>>> results = new ArrayList<>();
          for (int i = 0; i < APPS; i++) {
            Application app = app(repo, i);
            results.add(pool.submit(() -> syncUntilSucceeded(gitOps, app)));
          }
          for (Future<List<SyncResult>> f : results) {
            for (SyncResult r : f.get(120, TimeUnit.SECONDS)) {
              syncs++;
              if (!r.succeeded()) {
                failedSyncs++;
              }
              for (ResourceResult rr : r.resources()) {
                retries += Math.max(0, rr.attempts() - 1);
              }
            }
          }
        }
        long convergedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        stop.set(true);
        writer.get(30, TimeUnit.SECONDS);
        faulty.stopFailingRandomly();

        // Converged: every application at the last round, status Synced, pruned what left Git only.
        int lost = 0;
        for (int i = 0; i < APPS; i++) {
          ConfigMap main = mock.client().configMaps().inNamespace(ns(i)).withName("main").get();
          assertEquals(String.valueOf(round), main.getData().get("version"), ns(i));
          assertEquals(null, mock.client().configMaps().inNamespace(ns(i)).withName("extra").get(), "pruned");
          assertNotNull(mock.client().configMaps().inNamespace(ns(i)).withName("unowned").get(),
              "unowned object pruned in " + ns(i));
          SyncResult last = gitOps.sync(app(repo, i)).call(); // faults off: a no-op sync, then a clean compare
          assertTrue(last.succeeded() && !last.changedCluster(), last.toString());
          assertEquals(SyncStatus.SYNCED, gitOps.status(ns(i)).orElseThrow().sync(), ns(i));
        }
        for (Map.Entry<String, String> w : written.entrySet()) {
          String[] nsAndKey = w.getKey().split("/", 2);
          ConfigMap cm = mock.client().configMaps().inNamespace(nsAndKey[0]).withName("main").get();
          if (!w.getValue().equals(cm.getMetadata().getAnnotations().get(nsAndKey[1]))) {
            lost++;
          }
        }

        // A watch cut and kept down while two applications drift (one object changed, one deleted):
        // nothing reports it until the watch is back, whose re-list must find both for self-heal.
        gitOps.manage(selfHealing(repo, 1));
        gitOps.manage(selfHealing(repo, 2));
        awaitStatus(gitOps, ns(1), s -> s.sync() == SyncStatus.SYNCED);
        awaitStatus(gitOps, ns(2), s -> s.sync() == SyncStatus.SYNCED);
        await("the shared watch open", () -> faulty.openWatchKinds().equals(List.of("/ConfigMap")));
        faulty.holdWatches();
        int cut = faulty.dropWatches();
        mock.client().configMaps().inNamespace(ns(1)).withName("main")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("version", "drifted").build());
        mock.client().configMaps().inNamespace(ns(2)).withName("main").delete();
        faulty.releaseWatches();
        String expected = String.valueOf(round);
        await("drift made while the watch was down healed", () -> {
          ConfigMap changed = mock.client().configMaps().inNamespace(ns(1)).withName("main").get();
          ConfigMap deleted = mock.client().configMaps().inNamespace(ns(2)).withName("main").get();
          return changed != null && expected.equals(changed.getData().get("version"))
              && deleted != null && expected.equals(deleted.getData().get("version"));
        });
        await("every dropped watch re-established", () -> faulty.watchesReestablished() == faulty.watchesDropped()
            && faulty.openWatchKinds().equals(List.of("/ConfigMap")));

        // Git goes away: the last good revision is kept, the status says Unknown and why; back again: Synced.
        gitOps.manage(app(repo, 0));
        ApplicationStatus before = awaitStatus(gitOps, ns(0), s -> s.sync() == SyncStatus.SYNCED);
        Files.move(repo.directory(), temp.resolve("moved-away"));
        ApplicationStatus outage = gitOps.refresh(ns(0)).get(60, TimeUnit.SECONDS);
        Files.move(temp.resolve("moved-away"), repo.directory());
        ApplicationStatus after = gitOps.refresh(ns(0)).get(60, TimeUnit.SECONDS);
        String outageReason = outage.condition(Condition.COMPARISON_ERROR).map(Condition::message).orElse("");

        Map<String, Integer> byKind = faulty.injectedByKind();
        String figures = """
            fault run: %d applications, %d rounds (a commit each), %d syncs (%d failed and were repeated)
            requests: %d, faults injected: %d (%.1f%%) %s
            write retries inside syncs: %d; real 409s seen by the other writer: %d, its annotations kept: %d of %d
            converged after %d ms; lost concurrent changes: %d; unowned objects pruned: 0 of %d
            watches: %d opened, %d dropped (%d at random, %d cut while 2 apps drifted), %d re-established, open now %s
            drift made while the watch was down healed: 2 of 2
            git outage: sync %s, revision kept %s, reason: %s; after: %s
            """.formatted(APPS, round, syncs, failedSyncs, faulty.calls(), faulty.injected(),
            100.0 * faulty.injected() / Math.max(1, faulty.calls()), byKind, retries, otherConflicts.get(),
            written.size() - lost, written.size(), convergedMillis, lost, APPS,
            faulty.watchesOpened(), faulty.watchesDropped(), faulty.watchesDropped() - cut, cut,
            faulty.watchesReestablished(), faulty.openWatchKinds(),
            outage.sync(), outage.revision().equals(before.revision()), outageReason, after.sync());
        System.out.print(figures);
        Files.writeString(Path.of("target", "reliability.txt"), figures);

        assertTrue(syncs >= TARGET_SYNCS);
        assertTrue(faulty.injected() > syncs / 5, "faults were injected: " + byKind);
        assertEquals(7, byKind.size(), "every kind of fault was injected: " + byKind);
        assertTrue(cut >= 1, "the shared watch was open to be cut");
        assertEquals(faulty.watchesDropped(), faulty.watchesReestablished(), "every dropped watch re-established");
        assertTrue(!written.isEmpty(), "the other writer wrote");
        assertEquals(0, lost, "concurrent changes lost");
        assertEquals(SyncStatus.UNKNOWN, outage.sync(), outage.toString());
        assertEquals(before.revision(), outage.revision(), "last good revision kept");
        // Usually "repository unavailable" (the fetch fails); when JGit still holds the moved
        // file:// repository open, its fetch finds no refs instead ("has no HEAD"). Either way the
        // reason must name the repository.
        assertTrue(outageReason.contains(repo.url()) && (outageReason.contains("repository unavailable")
            || outageReason.contains("no HEAD")), outageReason);
        assertEquals(SyncStatus.SYNCED, after.sync(), after.toString());
        assertEquals(List.of(), after.conditions());
        pool.shutdownNow();
      }
    }
  }

  private static String ns(int i) {
    return "faulty-%02d".formatted(i);
  }

  private static String dir(int i) {
    return "apps/" + ns(i);
  }

  private static Application app(LocalGitRepository repo, int i) {
    return Application.builder(ns(i))
        .source(SourceSpec.of(repo.url(), "HEAD", dir(i)))
        .destination(Destination.inCluster(ns(i)))
        .automated(true).prune(true)
        .retry(new RetryPolicy(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(30)))
        .build();
  }

  private static Application selfHealing(LocalGitRepository repo, int i) {
    return Application.builder(ns(i))
        .source(SourceSpec.of(repo.url(), "HEAD", dir(i)))
        .destination(Destination.inCluster(ns(i)))
        .automated(true).prune(true).selfHeal(true)
        .retry(new RetryPolicy(5, Duration.ofSeconds(1), 2, Duration.ofSeconds(30)))
        .build();
  }

  private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      Thread.sleep(20); // polling interval of a bounded wait
    }
  }

  /** Syncs until one succeeds (at most 20 times): a sync whose reads all failed is simply repeated. */
  private static List<SyncResult> syncUntilSucceeded(GitOps gitOps, Application app) {
    List<SyncResult> all = new ArrayList<>();
    for (int attempt = 0; attempt < 20; attempt++) {
      SyncResult r = gitOps.sync(app).call();
      all.add(r);
      if (r.succeeded()) {
        return all;
      }
    }
    throw new AssertionError(app.name() + " did not converge: " + all.stream()
        .map(r -> r.outcome() + " " + r.message()).toList());
  }

  private static void otherWriter(MockCluster mock, AtomicBoolean stop, Map<String, String> written,
      AtomicInteger conflicts) {
    Random random = new Random(7);
    int n = 0;
    while (!stop.get()) {
      String ns = ns(random.nextInt(APPS));
      String key = "other.example/touch-" + (n++);
      try {
        ConfigMap cm = mock.client().configMaps().inNamespace(ns).withName("main").get();
        if (cm == null) {
          continue;
        }
        // A PUT guarded by the resourceVersion just read, as a careful controller writes.
        mock.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder(cm)
            .editMetadata().addToAnnotations(key, "v" + n).endMetadata().build()).update();
        written.put(ns + "/" + key, "v" + n);
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          conflicts.incrementAndGet();
        }
      }
      try {
        Thread.sleep(20); // pacing of the other writer, not a wait for the engine
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static ApplicationStatus awaitStatus(GitOps gitOps, String app,
      java.util.function.Predicate<ApplicationStatus> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    ApplicationStatus s = gitOps.refresh(app).get(60, TimeUnit.SECONDS);
    while (!done.test(s) && System.nanoTime() < deadline) {
      s = gitOps.refresh(app).get(60, TimeUnit.SECONDS);
    }
    assertTrue(done.test(s), s.toString());
    return s;
  }
}
