package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Checks against ../shared/conformance/opentofu-encryption (see its README). */
class OpenTofuEncryptionConformanceTest {

  private static Path dir;
  private static JsonNode expected;
  private static JsonNode vector;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @BeforeAll
  static void load() throws Exception {
    dir = Conformance.dir("opentofu-encryption");
    expected = JSON.readTree(Files.readAllBytes(dir.resolve("generated/expected.json")));
    vector = JSON.readTree(Files.readAllBytes(dir.resolve("vectors/pbkdf2-example-decrypt.json")));
  }

  private static final java.util.Map<String, StateEncryption> SHARED =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** One instance per passphrase: PBKDF2 with 600 000 rounds is slow, its key cache is not. */
  private static StateEncryption withPassphrase(String passphrase) {
    return SHARED.computeIfAbsent(passphrase,
        p -> StateEncryption.builder().passphrase(p).enforced(true).build());
  }

  @Test
  void pbkdf2VectorDerivesOpenTofusKey() {
    Pbkdf2Passphrase key = new Pbkdf2Passphrase("main", vector.get("passphrase").stringValue());
    Pbkdf2Metadata meta = new Pbkdf2Metadata(
        HexFormat.of().parseHex(vector.get("salt_hex").stringValue()),
        vector.get("iterations").intValue(), vector.get("hash_function").stringValue(),
        vector.get("key_length").intValue());
    assertEquals(vector.get("expected_key_hex").stringValue(),
        HexFormat.of().formatHex(key.key(meta)));
  }

  @Test
  void decryptsGeneratedStateToPlainStateByteForByte() throws Exception {
    byte[] encrypted = Files.readAllBytes(dir.resolve("generated/encrypted.tfstate"));
    byte[] plain = Files.readAllBytes(dir.resolve("generated/plain.tfstate"));
    byte[] decrypted = withPassphrase(expected.get("passphrase").stringValue())
        .decrypt(encrypted, "encrypted.tfstate");
    assertArrayEquals(plain, decrypted);
  }

  @Test
  void encryptsPlainStateWithSameSaltAndNonceToIdenticalBytes() throws Exception {
    byte[] encrypted = Files.readAllBytes(dir.resolve("generated/encrypted.tfstate"));
    byte[] plain = Files.readAllBytes(dir.resolve("generated/plain.tfstate"));
    Pbkdf2Passphrase key = new Pbkdf2Passphrase("main", expected.get("passphrase").stringValue());
    Pbkdf2Metadata meta = new Pbkdf2Metadata(
        HexFormat.of().parseHex(expected.get("salt_hex").stringValue()),
        expected.get("iterations").intValue(), expected.get("hash_function").stringValue(),
        expected.get("key_length").intValue());
    byte[] nonce = HexFormat.of().parseHex(expected.get("aes_gcm_nonce_hex").stringValue());
    byte[] ours = StateEncryption.encrypt(plain, key, meta, nonce);
    assertEquals(new String(encrypted, java.nio.charset.StandardCharsets.UTF_8),
        new String(ours, java.nio.charset.StandardCharsets.UTF_8));
    assertArrayEquals(encrypted, ours);
  }

  @Test
  void wrongPassphraseIsAClearErrorNamingTheFile() throws Exception {
    byte[] encrypted = Files.readAllBytes(dir.resolve("generated/encrypted.tfstate"));
    StateDecryptionException e = assertThrows(StateDecryptionException.class,
        () -> withPassphrase("not-the-right-passphrase").decrypt(encrypted, "encrypted.tfstate"));
    assertTrue(e.getMessage().contains("encrypted.tfstate"), e.getMessage());
    assertTrue(e.getMessage().contains("wrong passphrase or tampered data"), e.getMessage());
    assertTrue(!e.getMessage().contains("not-the-right-passphrase"), e.getMessage());
  }

  @Test
  void fallbackPassphraseDecryptsAfterRotation() throws Exception {
    byte[] encrypted = Files.readAllBytes(dir.resolve("generated/encrypted.tfstate"));
    byte[] plain = Files.readAllBytes(dir.resolve("generated/plain.tfstate"));
    StateEncryption rotated = StateEncryption.builder()
        .passphrase("new", "a-brand-new-passphrase-2026")
        .fallbackPassphrase("main", expected.get("passphrase").stringValue())
        .build();
    assertArrayEquals(plain, rotated.decrypt(encrypted, "encrypted.tfstate"));
  }

  @Test
  void rejectsUpstreamPlaceholderNamingMeta() throws Exception {
    byte[] placeholder = Files.readAllBytes(
        dir.resolve("upstream/init-encryption-with-state/terraform.tfstate"));
    StateDecryptionException e = assertThrows(StateDecryptionException.class,
        () -> withPassphrase(expected.get("passphrase").stringValue())
            .decrypt(placeholder, "terraform.tfstate"));
    assertTrue(e.getMessage().contains("field meta.key_provider.pbkdf2.main must be a base64 string"),
        e.getMessage());
  }

  @Test
  void tamperedSerialOutsideIsRejected() throws Exception {
    String encrypted = Files.readString(dir.resolve("generated/encrypted.tfstate"));
    byte[] tampered = encrypted.replace("\"serial\":3", "\"serial\":4")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    StateDecryptionException e = assertThrows(StateDecryptionException.class,
        () -> withPassphrase(expected.get("passphrase").stringValue()).decrypt(tampered, "s"));
    assertTrue(e.getMessage().contains("serial field mismatch"), e.getMessage());
  }

  @Test
  void plaintextIsRefusedWithoutUnencryptedMethod() throws Exception {
    byte[] plain = Files.readAllBytes(dir.resolve("generated/plain.tfstate"));
    StateDecryptionException e = assertThrows(StateDecryptionException.class,
        () -> withPassphrase(expected.get("passphrase").stringValue()).decrypt(plain, "plain"));
    assertTrue(e.getMessage().contains("unencrypted payload"), e.getMessage());
  }
}
