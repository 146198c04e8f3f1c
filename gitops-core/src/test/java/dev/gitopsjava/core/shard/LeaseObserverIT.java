package dev.gitopsjava.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The liveness rule, on the observer's own (here: hand-moved) clock against the in-process API
 * server: a Lease is live while it changes, whatever renewTime its writer's clock put in it.
 */
class LeaseObserverIT {
  private static final String NS = "observer";
  private static MockCluster mock;
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @BeforeAll
  static void start() {
    mock = MockCluster.start();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  private LeaseObserver observer(String group) {
    return new LeaseObserver(mock.client(), NS, group, group + "-me", Duration.ofSeconds(10), Duration.ofSeconds(6),
        nanos::get);
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  /** Writes a Lease as a holder would, with the renewTime its (possibly skewed) clock says. */
  private static void write(String group, String holder, ZonedDateTime renewTime, String claim) {
    String name = group + "-" + (holder.isEmpty() ? "gone" : holder);
    Lease current = mock.client().leases().inNamespace(NS).withName(name).get();
    LeaseBuilder b = current == null ? new LeaseBuilder() : new LeaseBuilder(current);
    mock.client().leases().inNamespace(NS).resource(b
        .editOrNewMetadata().withName(name).withNamespace(NS).addToLabels(ShardLease.GROUP_LABEL, group)
        .addToAnnotations(ShardLease.CLAIM_ANNOTATION, claim).endMetadata()
        .editOrNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(10).withRenewTime(renewTime).endSpec()
        .build()).createOr(op -> op.update());
  }

  @Test
  void aLeaseThatKeepsChangingIsLiveWhateverItsRenewTimeSays() {
    LeaseObserver observer = observer("skew");
    ZonedDateTime yearsAgo = ZonedDateTime.now(ZoneOffset.UTC).minusYears(3);
    write("skew", "behind", yearsAgo, "behind,me");
    assertEquals(Set.of("behind"), observer.observe().claims().keySet());
    for (int i = 1; i <= 3; i++) {
      advance(Duration.ofSeconds(8)); // each LIST sees a change, so the 10 s never run out
      write("skew", "behind", yearsAgo.plusSeconds(i), "behind,me");
      assertEquals(Map.of("behind", Set.of("behind", "me")), observer.observe().claims());
    }
  }

  @Test
  void anUnchangedLeaseIsSilentThenExpiresOnTheObserversClockEvenIfItsRenewTimeIsInTheFuture() {
    LeaseObserver observer = observer("expiry");
    write("expiry", "ahead", ZonedDateTime.now(ZoneOffset.UTC).plusYears(3), "ahead");
    LeaseObserver.Snapshot first = observer.observe();
    assertEquals(Set.of("ahead"), first.claims().keySet());
    assertEquals(Set.of(), first.silent());
    advance(Duration.ofSeconds(6));
    LeaseObserver.Snapshot silent = observer.observe();
    assertEquals(Set.of("ahead"), silent.claims().keySet(), "live for its whole duration");
    assertEquals(Set.of("ahead"), silent.silent(), "silent after silentAfter");
    advance(Duration.ofSeconds(4));
    assertEquals(Set.of(), observer.observe().claims().keySet(), "expired after its duration unchanged");
  }

  @Test
  void aReleasedLeaseAndTheObserversOwnAreNotMembers() {
    LeaseObserver observer = observer("release");
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    write("release", "", now, "");       // fabric8's release as ShardLease writes it
    write("release", "me", now, "me");   // this replica's own Lease
    write("release", "other", now, "me,other");
    assertEquals(Map.of("other", Set.of("me", "other")), observer.observe().claims());
  }
}
