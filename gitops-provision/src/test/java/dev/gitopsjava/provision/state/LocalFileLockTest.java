package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileLockTest {

  @TempDir Path dir;

  @Test
  void secondLockerFailsWithTheHoldersInfo() {
    Path state = dir.resolve("state.json");
    StateLock lock = StateLock.localFile(state);
    LockInfo first = LockInfo.create("apply", state.toString(), Clock.systemUTC());
    try (LockHandle held = lock.lock(first)) {
      StateLockedException e = assertThrows(StateLockedException.class,
          () -> StateLock.localFile(state).lock(LockInfo.create("plan", "p", Clock.systemUTC())));
      assertEquals(first, e.holder());
      assertTrue(e.getMessage().contains(first.id()), e.getMessage());
      assertEquals(Optional.of(first), lock.holder());
      held.checkHeld();
    }
    assertEquals(Optional.empty(), lock.holder());
    try (LockHandle again = lock.lock(LockInfo.create("apply", "p", Clock.systemUTC()))) {
      again.checkHeld();
    }
  }

  @Test
  void forceUnlockNeedsTheExactIdAndFencesTheOldHandle() {
    Path state = dir.resolve("state.json");
    StateLock lock = StateLock.localFile(state);
    LockHandle held = lock.lock(LockInfo.create("apply", "p", Clock.systemUTC()));
    assertThrows(StateException.class, () -> lock.forceUnlock("not-the-id"));
    held.checkHeld();
    lock.forceUnlock(held.info().id());
    assertThrows(LockLostException.class, held::checkHeld);
    assertEquals(Optional.empty(), lock.holder());
    held.close();
  }

  @Test
  void heldLockWithUnreadableInfoIsStillReportedAsLocked() throws Exception {
    Path state = dir.resolve("state.json");
    StateLock lock = StateLock.localFile(state);
    try (LockHandle held = lock.lock(LockInfo.create("apply", "p", Clock.systemUTC()))) {
      Files.writeString(dir.resolve(".state.json.lock.info"), "{\"ID\": 42}");
      StateLockedException e = assertThrows(StateLockedException.class,
          () -> StateLock.localFile(state).lock(LockInfo.create("plan", "p", Clock.systemUTC())));
      assertEquals("unknown", e.holder().id());
      assertTrue(e.holder().info().contains("unreadable"), e.holder().info());
      held.checkHeld();
    }
  }
}
