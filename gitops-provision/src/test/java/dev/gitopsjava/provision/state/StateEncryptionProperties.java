package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.gitopsjava.provision.internal.StateJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Round-trip and tamper properties of the state JSON and its OpenTofu-layout encryption. */
class StateEncryptionProperties {

  /** One instance: PBKDF2 runs once for the whole class (the write salt is fixed per instance). */
  private static final StateEncryption ENCRYPTION = StateEncryption.builder()
      .passphrase("properties-passphrase-0123").iterations(200_000).enforced(true).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Any text without lone surrogates (which no JSON text can carry). */
  private static final Gen<String> TEXT =
      strings().betweenCodePoints(0, 0xD7FF).ofLengthBetween(1, 24);

  private static Gen<InstanceState> instances() {
    return lists().of(TEXT).ofSize(6).zip(integers().between(1, 50), integers().between(0, 3),
        (t, gen, status) -> new InstanceState(t.get(0), t.get(0) + "-" + gen, gen,
            status % 2 == 0 ? Optional.empty() : Optional.of(t.get(1)),
            InstanceState.Status.values()[status], t.get(2), t.get(3), t.get(4), t.get(5), "f",
            List.of(t.get(1), t.get(2)), "ab12", Map.of(t.get(3), t.get(4)), gen % 2 == 0));
  }

  private static Gen<State> states() {
    return lists().of(instances()).ofSizeBetween(0, 5).zip(longs().between(0, Long.MAX_VALUE / 2),
        (list, serial) -> {
          List<InstanceState> unique = new ArrayList<>();
          for (InstanceState i : list) {
            if (unique.stream().noneMatch(u -> u.name().equals(i.name()))) {
              unique.add(i);
            }
          }
          return new State(serial, UUID.nameUUIDFromBytes(Long.toString(serial).getBytes(
              StandardCharsets.UTF_8)).toString(), unique);
        });
  }

  @Test
  void stateJsonRoundTrips() {
    qt().withExamples(200).forAll(states())
        .checkAssert(s -> assertEquals(s, StateJson.read(StateJson.write(s), "generated")));
  }

  @Test
  void encryptThenDecryptGivesTheSameBytes() {
    qt().withExamples(50).forAll(states()).checkAssert(s -> {
      byte[] plain = StateJson.write(s);
      byte[] sealed = ENCRYPTION.encrypt(plain);
      assertArrayEquals(plain, ENCRYPTION.decrypt(sealed, "generated"));
      ObjectNode outer = (ObjectNode) JSON.readTree(sealed);
      assertEquals(s.serial(), outer.get("serial").longValue());
      assertEquals(s.lineage(), outer.get("lineage").stringValue());
    });
  }

  @Test
  void anyFlippedCiphertextBitIsDetected() {
    qt().withExamples(50).forAll(states(), integers().between(0, Integer.MAX_VALUE))
        .checkAssert((s, bit) -> {
          ObjectNode outer = (ObjectNode) JSON.readTree(ENCRYPTION.encrypt(StateJson.write(s)));
          byte[] data = Base64.getDecoder().decode(outer.get("encrypted_data").stringValue());
          int at = bit % (data.length * 8);
          data[at / 8] ^= (byte) (1 << (at % 8));
          outer.put("encrypted_data", Base64.getEncoder().encodeToString(data));
          byte[] tampered = JSON.writeValueAsBytes(outer);
          assertThrows(StateDecryptionException.class,
              () -> ENCRYPTION.decrypt(tampered, "tampered"));
        });
  }

  @Test
  void spliceOfAnotherSerialIsRejected() {
    qt().withExamples(50).forAll(states(), longs().between(1, 1000)).checkAssert((s, delta) -> {
      ObjectNode outer = (ObjectNode) JSON.readTree(ENCRYPTION.encrypt(StateJson.write(s)));
      outer.put("serial", s.serial() + delta);
      byte[] spliced = JSON.writeValueAsBytes(outer);
      StateDecryptionException e = assertThrows(StateDecryptionException.class,
          () -> ENCRYPTION.decrypt(spliced, "spliced"));
      assertEquals("spliced: invalid state metadata, serial field mismatch", e.getMessage());
    });
  }
}
