package dev.gitopsjava.provision.disk;

/** How each write is made durable. */
public enum SyncMode {
  /** {@code FileChannel.force(false)} after each write: fdatasync, what etcd's WAL does. */
  FDATASYNC,
  /** {@code FileChannel.force(true)} after each write: fsync, metadata too. */
  FSYNC,
  /** The file opened with {@code StandardOpenOption.DSYNC}: each write returns once durable. */
  O_DSYNC
}
