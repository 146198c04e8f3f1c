package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesLeaseLockIT {

  static KubernetesClient client;

  @TempDir Path dir;

  private final Instant t0 = Instant.parse("2026-11-27T01:00:00Z");

  private KubernetesLeaseLock lock(String name, Instant now) {
    return StateLock.kubernetesLease(client, "provision", name)
        .leaseDuration(Duration.ofSeconds(15)).autoRenew(false)
        .clock(Clock.fixed(now, ZoneOffset.UTC)).build();
  }

  @Test
  void liveLeaseRefusesASecondHolderAndReportsTheFirst() {
    LockInfo a = LockInfo.create("apply", "state.json", Clock.fixed(t0, ZoneOffset.UTC));
    try (LockHandle held = lock("live", t0).lock(a)) {
      StateLockedException e = assertThrows(StateLockedException.class,
          () -> lock("live", t0.plusSeconds(10)).lock(
              LockInfo.create("apply", "state.json", Clock.systemUTC())));
      assertEquals(a, e.holder());
      Lease lease = client.leases().inNamespace("provision").withName("live").get();
      assertEquals(a.id(), lease.getSpec().getHolderIdentity());
      assertEquals(15, lease.getSpec().getLeaseDurationSeconds());
      held.checkHeld();
    }
    assertEquals(Optional.empty(), lock("live", t0).holder());
  }

  @Test
  void expiredLeaseIsTakenOverAndTheStaleHolderIsFencedOff() {
    Path file = dir.resolve("state.json");
    StateStore store = StateStore.file(file, StateEncryption.none());
    LockHandle stale = lock("expire", t0).lock(LockInfo.create("apply", "s", Clock.systemUTC()));
    stale.checkHeld();
    store.write(State.empty().withSerial(1));

    // The first holder stops renewing (a paused or killed process); 20 s later the lease expired.
    LockInfo b = LockInfo.create("apply", "s", Clock.systemUTC());
    LockHandle fresh = lock("expire", t0.plusSeconds(20)).lock(b);
    Lease lease = client.leases().inNamespace("provision").withName("expire").get();
    assertEquals(b.id(), lease.getSpec().getHolderIdentity());
    assertEquals(1, lease.getSpec().getLeaseTransitions());

    LockLostException lost = assertThrows(LockLostException.class, stale::checkHeld);
    assertTrue(lost.getMessage().contains("now held by " + b.id()), lost.getMessage());
    fresh.checkHeld();
    stale.close();
    fresh.close();
  }

  @Test
  void forceUnlockNeedsTheHoldersId() {
    LockHandle held = lock("force", t0).lock(LockInfo.create("apply", "s", Clock.systemUTC()));
    KubernetesLeaseLock other = lock("force", t0);
    assertThrows(StateException.class, () -> other.forceUnlock("wrong-id"));
    other.forceUnlock(held.info().id());
    assertEquals(Optional.empty(), other.holder());
    assertThrows(LockLostException.class, held::checkHeld);
    held.close();
  }

  @Test
  void renewalMovesRenewTimeForward() {
    Instant[] now = {t0};
    Clock moving = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now[0]; }
    };
    KubernetesLeaseLock lock = StateLock.kubernetesLease(client, "provision", "renew")
        .leaseDuration(Duration.ofSeconds(15)).autoRenew(false).clock(moving).build();
    LockHandle held = lock.lock(LockInfo.create("apply", "s", Clock.systemUTC()));
    now[0] = t0.plusSeconds(10);
    held.checkHeld();
    now[0] = t0.plusSeconds(20);
    // Renewed at t0+10 for 15 s: still held at t0+20, so nobody else may take it.
    assertTrue(lock.holder().isPresent());
    assertThrows(StateLockedException.class,
        () -> lock.lock(LockInfo.create("apply", "s", Clock.systemUTC())));
    held.close();
  }
}
