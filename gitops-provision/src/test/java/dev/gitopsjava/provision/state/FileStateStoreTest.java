package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.provision.internal.StateJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {

  static final StateEncryption ENCRYPTION = StateEncryption.builder()
      .passphrase("a-long-enough-test-passphrase").iterations(200_000).enforced(true).build();

  @TempDir Path dir;

  static InstanceState worker(String key) {
    return new InstanceState(key, key, 1, Optional.of("srv-" + key), InstanceState.Status.READY,
        "no-oslo-1", "ubuntu-22.04", "img-1", "nvme.8cpu.32gb", "fl-8", List.of("ops"),
        "0".repeat(64), Map.of("role", "worker", "secret-hint", "do-not-leak"), false);
  }

  @Test
  void writesEncryptedAndReadsBack() throws Exception {
    Path file = dir.resolve("state.json");
    StateStore store = StateStore.file(file, ENCRYPTION);
    State s = State.empty().with(worker("workers-0")).withSerial(1);
    store.write(s);
    assertEquals(Optional.of(s), store.read());
    String onDisk = Files.readString(file);
    assertTrue(onDisk.contains("\"encryption_version\":\"v0\""), onDisk);
    assertFalse(onDisk.contains("workers-0"), "instance names must not be on disk in clear");
    assertFalse(onDisk.contains("do-not-leak"), "labels must not be on disk in clear");
  }

  @Test
  void writeRefusesASerialThatIsNotTheNextOne() {
    StateStore store = StateStore.file(dir.resolve("state.json"), ENCRYPTION);
    State s = State.empty().withSerial(1);
    store.write(s);
    StateConflictException e =
        assertThrows(StateConflictException.class, () -> store.write(s.withSerial(3)));
    assertTrue(e.getMessage().contains("serial is 1"), e.getMessage());
    store.write(s.withSerial(2));
  }

  @Test
  void writeRefusesAnotherLineage() {
    StateStore store = StateStore.file(dir.resolve("state.json"), ENCRYPTION);
    store.write(State.empty().withSerial(1));
    assertThrows(StateConflictException.class, () -> store.write(State.empty().withSerial(2)));
  }

  @Test
  void wrongPassphraseFailsAndLeavesTheFileUntouched() throws Exception {
    Path file = dir.resolve("state.json");
    StateStore.file(file, ENCRYPTION).write(State.empty().with(worker("workers-0")).withSerial(1));
    byte[] before = Files.readAllBytes(file);
    StateStore wrong = StateStore.file(file, StateEncryption.builder()
        .passphrase("the-wrong-passphrase-entirely").build());
    StateDecryptionException e = assertThrows(StateDecryptionException.class, wrong::read);
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(file));
    // Writing the next serial, or pushing plaintext, with the wrong passphrase must fail before
    // the stored state is replaced by one the right passphrase cannot open.
    State stored = StateStore.file(file, ENCRYPTION).read().orElseThrow();
    assertThrows(StateDecryptionException.class, () -> wrong.write(stored.withSerial(2)));
    assertThrows(StateDecryptionException.class,
        () -> wrong.writePlaintext(StateJson.write(stored.withSerial(7))));
    assertArrayEquals(before, Files.readAllBytes(file));
    assertEquals(1, StateStore.file(file, ENCRYPTION).read().orElseThrow().serial());
  }

  @Test
  void tamperedCiphertextIsAClearError() throws Exception {
    Path file = dir.resolve("state.json");
    StateStore store = StateStore.file(file, ENCRYPTION);
    store.write(State.empty().withSerial(1));
    String text = Files.readString(file);
    int at = text.indexOf("\"encrypted_data\":\"") + 20;
    char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
    Files.writeString(file, text.substring(0, at) + flipped + text.substring(at + 1));
    StateDecryptionException e = assertThrows(StateDecryptionException.class, store::read);
    assertTrue(e.getMessage().contains("tampered"), e.getMessage());
  }

  @Test
  void plaintextPushKeepsBytesAndRefusesGoingBack() {
    StateStore store = StateStore.file(dir.resolve("state.json"), ENCRYPTION);
    State s = State.empty().with(worker("workers-1")).withSerial(5);
    byte[] json = StateJson.write(s);
    store.writePlaintext(json);
    assertArrayEquals(json, store.readPlaintext().orElseThrow());
    byte[] older = StateJson.write(s.withSerial(4));
    assertThrows(StateConflictException.class, () -> store.writePlaintext(older));
  }

  @Test
  void enforcedEncryptionNeverWritesPlaintext() throws Exception {
    assertThrows(IllegalStateException.class,
        () -> StateEncryption.builder().readUnencrypted(true).enforced(true).build());
    // The configuration check alone could not catch a store that writes a pushed plaintext state
    // as given: push one and look at the bytes on disk.
    Path file = dir.resolve("pushed.json");
    StateStore store = StateStore.file(file, ENCRYPTION);
    store.writePlaintext(StateJson.write(State.empty().with(worker("workers-7")).withSerial(3)));
    String onDisk = Files.readString(file);
    assertTrue(onDisk.contains("\"encrypted_data\""), onDisk);
    assertFalse(onDisk.contains("workers-7"), onDisk);
    assertFalse(onDisk.contains("do-not-leak"), onDisk);
    assertEquals(3, store.read().orElseThrow().serial());
  }

  @Test
  void malformedStateNamesTheField() {
    byte[] bad = ("{\"version\":1,\"serial\":1,\"lineage\":\"x\",\"instances\":[{\"key\":\"a\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    StateException e = assertThrows(StateException.class, () -> StateJson.read(bad, "s.json"));
    assertTrue(e.getMessage().startsWith("s.json: field instances[0]."), e.getMessage());
  }
}
