package dev.gitopsjava.provision.state;

import dev.gitopsjava.provision.internal.AtomicFile;
import dev.gitopsjava.provision.internal.StateJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A state in one local file. Thread-safe: writes are serialised on the instance. */
final class FileStateStore implements StateStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path path;
  private final StateEncryption encryption;

  FileStateStore(Path path, StateEncryption encryption) {
    this.path = Objects.requireNonNull(path, "path");
    this.encryption = Objects.requireNonNull(encryption, "encryption");
  }

  @Override
  public synchronized Optional<State> read() {
    return readPlaintext().map(bytes -> StateJson.read(bytes, path.toString()));
  }

  @Override
  public synchronized Optional<byte[]> readPlaintext() {
    return readRaw().map(raw -> encryption.decrypt(raw, path.toString()));
  }

  @Override
  public synchronized void write(State next) {
    OptionalLong current = storedSerial(next.lineage());
    long expected = current.isPresent() ? current.getAsLong() + 1 : 1L;
    if (next.serial() != expected) {
      throw new StateConflictException(path + ": state serial is "
          + (current.isPresent() ? Long.toString(current.getAsLong()) : "absent (no state yet)")
          + ", refusing to write serial " + next.serial()
          + " (another writer changed the state since it was read)");
    }
    store(StateJson.write(next));
  }

  @Override
  public synchronized void writePlaintext(byte[] json) {
    State pushed = StateJson.read(json, "pushed state");
    OptionalLong current = storedSerial(pushed.lineage());
    if (current.isPresent() && pushed.serial() < current.getAsLong()) {
      throw new StateConflictException(path + ": pushed state has serial " + pushed.serial()
          + ", lower than the stored serial " + current.getAsLong() + "; refusing to go back");
    }
    store(json);
  }

  @Override
  public String location() {
    return path.toString();
  }

  /**
   * The stored serial, read from the clear {@code serial}/{@code lineage} fields (present both in
   * plaintext and in OpenTofu's encrypted layout, so no decryption is needed), after checking the
   * lineage matches.
   */
  private OptionalLong storedSerial(String lineage) {
    Optional<byte[]> raw = readRaw();
    if (raw.isEmpty()) {
      return OptionalLong.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(raw.get());
    } catch (JacksonException e) {
      throw new StateException(path + " is not valid JSON; refusing to overwrite it");
    }
    if (root == null || !root.isObject()) {
      throw new StateException(path + " is not a JSON object; refusing to overwrite it");
    }
    JsonNode serial = root.get("serial");
    JsonNode storedLineage = root.get("lineage");
    if (serial == null || !serial.isIntegralNumber() || storedLineage == null
        || !storedLineage.isString()) {
      throw new StateException(path + ": fields serial and lineage are missing; refusing to "
          + "overwrite it");
    }
    if (!storedLineage.stringValue().equals(lineage)) {
      throw new StateConflictException(path + ": stored lineage " + storedLineage.stringValue()
          + " differs from " + lineage + " (a different state); refusing to overwrite it");
    }
    // Only a writer who can open the stored state may replace it: a wrong passphrase (or a
    // tampered file) fails here, before anything is written, instead of re-encrypting the state
    // under a key nobody else has.
    encryption.decrypt(raw.get(), path.toString());
    return OptionalLong.of(serial.longValue());
  }

  private Optional<byte[]> readRaw() {
    try {
      return Optional.of(Files.readAllBytes(path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StateException("cannot read state file " + path + ": " + e.getMessage(), e);
    }
  }

  private void store(byte[] plaintext) {
    byte[] bytes = encryption.encrypt(plaintext);
    try {
      AtomicFile.write(path, bytes);
    } catch (IOException e) {
      throw new StateException("cannot write state file " + path + ": " + e.getMessage(), e);
    }
  }
}
