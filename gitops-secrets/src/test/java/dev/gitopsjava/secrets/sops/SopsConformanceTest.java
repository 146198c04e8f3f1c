package dev.gitopsjava.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every file in conformance/sops decrypts to exactly the values, comments and MAC listed in
 * expected-decryption.json (an oracle made by an independent decryptor).
 */
class SopsConformanceTest {

  static Path dir() {
    return Conformance.dir("sops");
  }

  static List<JsonNode> entries() throws IOException {
    JsonNode root = JsonMapper.builder().build().readTree(
        Files.readAllBytes(dir().resolve("expected-decryption.json")));
    List<JsonNode> out = new ArrayList<>();
    root.get("files").forEach(out::add);
    return out;
  }

  static Stream<Arguments> files() throws IOException {
    return entries().stream().map(e -> Arguments.of(e.get("file").asString(), e));
  }

  static SopsFormat formatOf(JsonNode entry) {
    String store = entry.get("store").asString();
    if (store.startsWith("binary")) {
      return SopsFormat.BINARY;
    }
    return SopsFormat.valueOf(store.toUpperCase(java.util.Locale.ROOT));
  }

  @Test
  void theOracleListsEveryEncryptedFileOfTheFolder() throws IOException {
    assertEquals(11, entries().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void decryptsWithItsAgeKeyFileToTheExpectedPlaintext(String file, JsonNode entry) throws IOException {
    byte[] content = Files.readAllBytes(dir().resolve(file));
    SopsFormat format = formatOf(entry);
    List<AgeIdentity> identities =
        AgeIdentity.readIdentityFile(dir().resolve(entry.get("decrypt_with").asString()));
    byte[] plaintext = Sops.decrypt(content, format, identities);

    List<String> expected = new ArrayList<>();
    entry.get("values").forEach(v -> expected.add(
        v.get("aad").asString() + "|" + v.get("type").asString() + "|" + v.get("plaintext").asString()));
    if (format == SopsFormat.BINARY) {
      assertEquals(entry.get("values").get(0).get("plaintext").asString(),
          new String(plaintext, StandardCharsets.UTF_8));
      return;
    }
    SopsMetadata metadata = SopsDocument.read(content, format).metadata();
    SopsFile out = format.store().read(plaintext);
    assertTrue(out.metadata().isEmpty(), "no sops block in the output");
    assertEquals(expected, PlainLeaves.selected(out.documents(), metadata.rules().orElseThrow()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void decryptsWithTheDataKeyToTheExpectedValuesAndMac(String file, JsonNode entry) throws IOException {
    byte[] content = Files.readAllBytes(dir().resolve(file));
    SopsDocument doc = SopsDocument.read(content, formatOf(entry));
    assertEquals(entry.get("lastmodified").asString(), doc.metadata().lastModified());
    List<String> recipients = new ArrayList<>();
    entry.get("recipients").forEach(r -> recipients.add(r.asString()));
    assertEquals(recipients, doc.metadata().recipients());

    DataKey key = new DataKey(HexFormat.of().parseHex(entry.get("data_key_hex").asString()));
    SopsDocument.Decrypted d = doc.decryptTree(key);
    assertEquals(entry.get("mac_plaintext").asString(), d.macHex(), "computed MAC");
    assertEquals(entry.get("mac_plaintext").asString(), TreeCrypto.decryptMac(d.cipher(), doc.metadata()));

    List<String> expectedValues = new ArrayList<>();
    entry.get("values").forEach(v -> expectedValues.add(
        v.get("aad").asString() + "|" + v.get("type").asString() + "|" + v.get("plaintext").asString()));
    List<String> expectedComments = new ArrayList<>();
    if (entry.has("comments")) {
      entry.get("comments").forEach(v -> expectedComments.add(
          v.get("aad").asString() + "|" + v.get("type").asString() + "|" + v.get("plaintext").asString()));
    }
    List<String> values = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    for (TreeCrypto.Leaf l : d.leaves()) {
      (l.type().equals("comment") ? comments : values).add(l.aad() + "|" + l.type() + "|" + l.plaintext());
    }
    assertEquals(expectedValues, values);
    if (entry.has("comments")) {
      assertEquals(expectedComments, comments);
    }
    assertTrue(d.documents().size() >= 1);
  }
}
