package dev.gitopsjava.provision.state;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a {@link State} is kept. Every write is a compare-and-set on (lineage, serial): it succeeds
 * only if the stored state has the same lineage and a serial exactly one lower (or nothing is stored
 * and the new serial is 1). A writer that lost a race, or a stale process that kept running after
 * its lock was taken over, gets a {@link StateConflictException} and changes nothing.
 */
public interface StateStore {

  /**
   * A state file at {@code path}, written crash-safely (temporary file, fsync, atomic rename) and
   * encrypted as {@code encryption} says.
   */
  static StateStore file(Path path, StateEncryption encryption) {
    return new FileStateStore(path, encryption);
  }

  /** The stored state, or empty if none was written yet. */
  Optional<State> read();

  /**
   * Stores {@code next}.
   *
   * @throws StateConflictException if the stored lineage differs or its serial is not {@code
   *     next.serial() - 1}
   */
  void write(State next);

  /** The stored state's exact plaintext bytes (decrypted if needed), like {@code tofu state pull}. */
  Optional<byte[]> readPlaintext();

  /**
   * Stores a plaintext state document as it is (encrypted if configured), like {@code tofu state
   * push}: it must parse as a state, keep the stored lineage and not lower the stored serial.
   */
  void writePlaintext(byte[] json);

  /** Where the state lives, for messages (a file path). */
  String location();
}
