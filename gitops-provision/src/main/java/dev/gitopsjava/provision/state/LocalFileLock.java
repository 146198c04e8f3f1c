package dev.gitopsjava.provision.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OS lock ({@code flock}/{@code LockFileEx}) on {@code .<state>.lock.info}, whose content is the
 * holder's {@link LockInfo} JSON, as Terraform's local backend keeps it. The file is never deleted
 * (deleting a lock file invites two holders on two inodes); an unlocked file is empty.
 *
 * <p>Handles held in this JVM are registered so that {@link #forceUnlock} can fence them: a
 * force-unlocked handle fails its next {@link LockHandle#checkHeld()}.
 */
final class LocalFileLock implements StateLock {

  private static final Map<Path, Held> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path lockFile;

  LocalFileLock(Path stateFile) {
    Path abs = stateFile.toAbsolutePath().normalize();
    this.lockFile = abs.resolveSibling("." + abs.getFileName() + ".lock.info");
  }

  @Override
  public LockHandle lock(LockInfo info) {
    FileChannel ch = null;
    try {
      Files.createDirectories(lockFile.getParent());
      ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock os;
      try {
        os = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        os = null;
      }
      if (os == null) {
        ch.close();
        throw new StateLockedException(location(), holderOrUnknown(info));
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(info.toJson().getBytes(StandardCharsets.UTF_8)), 0);
      ch.force(true);
      Held held = new Held(info, ch, os);
      HELD_IN_THIS_JVM.put(lockFile, held);
      return held;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StateException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<LockInfo> holder() {
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return readHolder();
      }
      if (probe == null) {
        return readHolder();
      }
      probe.release();
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException("cannot read lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void forceUnlock(String lockId) {
    Held mine = HELD_IN_THIS_JVM.get(lockFile);
    if (mine != null && mine.info.id().equals(lockId)) {
      mine.close();
      return;
    }
    Optional<LockInfo> holder = holder();
    if (holder.isEmpty()) {
      throw new StateException("state lock " + lockFile + " is not held; nothing to unlock");
    }
    if (!holder.get().id().equals(lockId)) {
      throw new StateException("state lock " + lockFile + " is held with ID " + holder.get().id()
          + ", not " + lockId + "; not unlocking");
    }
    throw new StateException("state lock " + lockFile + " (ID " + lockId + ") is held by a live "
        + "process (" + holder.get().who() + "); a local lock is released when that process ends");
  }

  @Override
  public String location() {
    return lockFile.toString();
  }

  private Optional<LockInfo> readHolder() {
    try {
      String text = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? Optional.empty()
          : Optional.of(LockInfo.fromJson(text, lockFile.toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException("cannot read lock " + lockFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * The holder's info for a refusal. Whatever the info file holds, the answer is "locked": a
   * holder that wrote no info yet (between locking and writing), or whose info is unreadable,
   * still holds the lock.
   */
  private LockInfo holderOrUnknown(LockInfo asker) {
    try {
      return readHolder().orElseGet(() -> unknownHolder(asker, "lock info not written yet"));
    } catch (StateException e) {
      return unknownHolder(asker, "lock info unreadable: " + e.getMessage());
    }
  }

  private LockInfo unknownHolder(LockInfo asker, String why) {
    return new LockInfo("unknown", "unknown", why, "unknown", "unknown", asker.created(),
        lockFile.toString());
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // Closing after a failure; the first error is the one worth reporting.
      }
    }
  }

  private final class Held implements LockHandle {
    private final LockInfo info;
    private final FileChannel channel;
    private final FileLock os;
    private volatile boolean released;

    Held(LockInfo info, FileChannel channel, FileLock os) {
      this.info = info;
      this.channel = channel;
      this.os = os;
    }

    @Override
    public LockInfo info() {
      return info;
    }

    @Override
    public void checkHeld() {
      if (released || !os.isValid()) {
        throw new LockLostException("state lock " + lockFile + " (ID " + info.id()
            + ") is no longer held by this process; refusing to write state");
      }
    }

    @Override
    public synchronized void close() {
      if (released) {
        return;
      }
      released = true;
      HELD_IN_THIS_JVM.remove(lockFile, this);
      try {
        channel.truncate(0);
        channel.force(true);
        os.release();
      } catch (IOException e) {
        throw new StateException("cannot release lock " + lockFile + ": " + e.getMessage(), e);
      } finally {
        closeQuietly(channel);
      }
    }
  }
}
