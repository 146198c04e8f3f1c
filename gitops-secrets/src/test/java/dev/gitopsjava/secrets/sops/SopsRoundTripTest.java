package dev.gitopsjava.secrets.sops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SopsRoundTripTest {
  private static final AgeKeyPair KEYS = AgeKeyPair.generate(new SecureRandom());
  private static final AgeKeyPair OTHER = AgeKeyPair.generate(new SecureRandom());
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T01:02:03.456Z"), ZoneOffset.UTC);

  private static final String YAML = String.join("\n",
      "# top comment",
      "apiVersion: v1",
      "kind: Secret",
      "metadata:",
      "    name: demo # inline comment",
      "stringData:",
      "    password: hunter2",
      "    # about the token",
      "    token: \"0755\"",
      "    yes_unencrypted: yes",
      "number: 12",
      "ratio: 1.50",
      "flag: true",
      "empty: \"\"",
      "nothing: null",
      "list:",
      "    - one",
      "    # between",
      "    - 2",
      "multiline: |",
      "    line one",
      "    line two",
      "");

  private static SopsEncryptor encryptor(SopsRules rules) {
    return SopsEncryptor.builder().recipients(List.of(KEYS.recipient())).rules(rules).clock(CLOCK).build();
  }

  private static List<AgeIdentity> ids() {
    return List.of(KEYS.identity());
  }

  @Test
  void yamlRoundTripKeepsValuesTypesCommentsAndOrder() {
    byte[] enc = encryptor(SopsRules.defaults()).encrypt(YAML.getBytes(UTF_8), SopsFormat.YAML);
    String text = new String(enc, UTF_8);
    assertFalse(text.contains("hunter2"), "plaintext must not appear in the encrypted file");
    assertFalse(text.contains("about the token"), "comments are encrypted by default");
    assertTrue(text.contains("yes_unencrypted: 'yes'") || text.contains("yes_unencrypted: \"yes\""),
        "suffix rule leaves the value in clear text, quoted so YAML 1.1 readers keep it a string");
    assertTrue(text.contains("lastmodified: \"2026-11-27T01:02:03Z\"")
        || text.contains("lastmodified: '2026-11-27T01:02:03Z'"), text);
    assertTrue(text.contains("unencrypted_suffix: _unencrypted"));
    assertTrue(text.contains("type:int]") && text.contains("type:float]") && text.contains("type:bool]"));

    byte[] dec = Sops.decrypt(enc, SopsFormat.YAML, ids());
    SopsFile original = new YamlStore().read(YAML.getBytes(UTF_8));
    SopsFile back = new YamlStore().read(dec);
    assertEquals(original.documents(), back.documents());
    String out = new String(dec, UTF_8);
    assertTrue(out.indexOf("# top comment") < out.indexOf("apiVersion"), out);
    assertTrue(out.contains("# about the token"), out);
    assertFalse(out.contains("sops:"));
  }

  @Test
  void jsonRoundTripKeepsOrderAndNumberTypes() {
    String json = "{\"b\": \"x\", \"a\": {\"n\": 25, \"f\": 25.4, \"t\": false, \"z\": null,"
        + " \"l\": [\"p\", 1]}, \"c_unencrypted\": \"clear\"}";
    byte[] enc = encryptor(SopsRules.defaults()).encrypt(json.getBytes(UTF_8), SopsFormat.JSON);
    String text = new String(enc, UTF_8);
    assertTrue(text.contains("\"c_unencrypted\": \"clear\""), text);
    assertTrue(text.indexOf("\"b\"") < text.indexOf("\"a\""));
    byte[] dec = Sops.decrypt(enc, SopsFormat.JSON, ids());
    assertEquals(new JsonStore().read(json.getBytes(UTF_8)).documents(),
        new JsonStore().read(dec).documents());
  }

  @Test
  void encryptedRegexEncryptsOnlySecretData() {
    byte[] enc = encryptor(SopsRules.encryptedRegex("^(data|stringData)$"))
        .encrypt(YAML.getBytes(UTF_8), SopsFormat.YAML);
    String text = new String(enc, UTF_8);
    assertTrue(text.contains("name: demo"));
    assertTrue(text.contains("number: 12"));
    assertTrue(text.contains("# top comment"), "top-level comments are outside the selected keys");
    assertFalse(text.contains("hunter2"));
    assertTrue(text.contains("encrypted_regex: ^(data|stringData)$"), text);
    assertEquals(new YamlStore().read(YAML.getBytes(UTF_8)).documents(),
        new YamlStore().read(Sops.decrypt(enc, SopsFormat.YAML, ids())).documents());
  }

  @Test
  void macOnlyEncryptedLetsClearValuesChangeWithoutBreakingTheMac() {
    SopsRules rules = SopsRules.encryptedSuffix("_secret").withMacOnlyEncrypted(true);
    String yaml = "name: a\npassword_secret: s3cret\n";
    byte[] enc = encryptor(rules).encrypt(yaml.getBytes(UTF_8), SopsFormat.YAML);
    String text = new String(enc, UTF_8);
    assertTrue(text.contains("mac_only_encrypted: true"), text);
    byte[] edited = text.replace("name: a", "name: b").getBytes(UTF_8);
    assertTrue(new String(Sops.decrypt(edited, SopsFormat.YAML, ids()), UTF_8).contains("name: b"));

    byte[] plainMac = encryptor(SopsRules.encryptedSuffix("_secret"))
        .encrypt(yaml.getBytes(UTF_8), SopsFormat.YAML);
    byte[] editedPlainMac = new String(plainMac, UTF_8).replace("name: a", "name: b").getBytes(UTF_8);
    SopsIntegrityException e = assertThrows(SopsIntegrityException.class,
        () -> Sops.decrypt(editedPlainMac, SopsFormat.YAML, ids()));
    assertEquals("sops:mac:", e.path());
  }

  @Test
  void tamperedValueFailsNamingItsPath() {
    String text = new String(encryptor(SopsRules.defaults())
        .encrypt(YAML.getBytes(UTF_8), SopsFormat.YAML), UTF_8);
    Matcher m = Pattern.compile("password: ENC\\[AES256_GCM,data:([^,]+),").matcher(text);
    assertTrue(m.find());
    String data = m.group(1);
    String flipped = (data.charAt(0) == 'A' ? "B" : "A") + data.substring(1);
    byte[] tampered = text.replace("data:" + data + ",", "data:" + flipped + ",").getBytes(UTF_8);
    SopsIntegrityException e = assertThrows(SopsIntegrityException.class,
        () -> Sops.decrypt(tampered, SopsFormat.YAML, ids()));
    assertEquals("stringData:password:", e.path());
    assertTrue(e.getMessage().contains("stringData:password:"));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void movedValueFailsBecauseThePathIsAuthenticated() {
    String text = new String(encryptor(SopsRules.defaults())
        .encrypt("a: one\nb: two\n".getBytes(UTF_8), SopsFormat.YAML), UTF_8);
    byte[] renamed = text.replaceFirst("(?m)^a: ", "c: ").getBytes(UTF_8);
    SopsIntegrityException e = assertThrows(SopsIntegrityException.class,
        () -> Sops.decrypt(renamed, SopsFormat.YAML, ids()));
    assertEquals("c:", e.path());
  }

  @Test
  void swappedValuesFailTheMac() {
    String text = new String(encryptor(SopsRules.defaults().withMacOnlyEncrypted(false))
        .encrypt("l:\n    - one\n    - two\n".getBytes(UTF_8), SopsFormat.YAML), UTF_8);
    String[] lines = text.split("\n");
    String tmp = lines[1].substring(lines[1].indexOf("ENC["));
    lines[1] = lines[1].replace(tmp, lines[2].substring(lines[2].indexOf("ENC[")));
    lines[2] = lines[2].substring(0, lines[2].indexOf("ENC[")) + tmp;
    byte[] swapped = (String.join("\n", lines) + "\n").getBytes(UTF_8);
    SopsIntegrityException e = assertThrows(SopsIntegrityException.class,
        () -> Sops.decrypt(swapped, SopsFormat.YAML, ids()));
    assertEquals("sops:mac:", e.path());
  }

  @Test
  void wrongIdentityFailsWithAKeyErrorListingRecipients() {
    byte[] enc = encryptor(SopsRules.defaults()).encrypt("a: b\n".getBytes(UTF_8), SopsFormat.YAML);
    SopsKeyException e = assertThrows(SopsKeyException.class,
        () -> Sops.decrypt(enc, SopsFormat.YAML, List.of(OTHER.identity())));
    assertTrue(e.getMessage().contains(KEYS.recipient().toString()), e.getMessage());
    assertThrows(SopsKeyException.class, () -> Sops.decrypt(enc, SopsFormat.YAML, List.of()));
  }

  @Test
  void everyRecipientCanDecrypt() {
    byte[] enc = SopsEncryptor.builder().recipients(List.of(KEYS.recipient(), OTHER.recipient()))
        .build().encrypt("a: b\n".getBytes(UTF_8), SopsFormat.YAML);
    assertEquals(2, SopsDocument.read(enc, SopsFormat.YAML).metadata().ageKeys().size());
    for (AgeKeyPair k : List.of(KEYS, OTHER)) {
      assertEquals("a: b\n", new String(Sops.decrypt(enc, SopsFormat.YAML, List.of(k.identity())), UTF_8));
    }
  }

  @Test
  void updateKeepsCiphertextOfUnchangedValues() {
    byte[] first = encryptor(SopsRules.defaults())
        .encrypt("a: same\nb: old\n".getBytes(UTF_8), SopsFormat.YAML);
    byte[] second = encryptor(SopsRules.defaults())
        .update(first, "a: same\nb: new\n".getBytes(UTF_8), SopsFormat.YAML, ids());
    String f = new String(first, UTF_8);
    String s = new String(second, UTF_8);
    assertEquals(line(f, "a: "), line(s, "a: "));
    assertNotEquals(line(f, "b: "), line(s, "b: "));
    assertEquals("a: same\nb: new\n", new String(Sops.decrypt(second, SopsFormat.YAML, ids()), UTF_8));
  }

  @Test
  void refusesToEncryptTwiceOrUnsupportedStores() {
    byte[] enc = encryptor(SopsRules.defaults()).encrypt("a: b\n".getBytes(UTF_8), SopsFormat.YAML);
    assertThrows(SopsFormatException.class,
        () -> encryptor(SopsRules.defaults()).encrypt(enc, SopsFormat.YAML));
    assertThrows(SopsUnsupportedException.class,
        () -> encryptor(SopsRules.defaults()).encrypt("a=b\n".getBytes(UTF_8), SopsFormat.DOTENV));
  }

  @Test
  void rejectsNonStringKeysAndNonMappingDocuments() {
    SopsEncryptor e = encryptor(SopsRules.defaults());
    assertThrows(SopsFormatException.class, () -> e.encrypt("1: x\n".getBytes(UTF_8), SopsFormat.YAML));
    assertThrows(SopsFormatException.class, () -> e.encrypt("- x\n".getBytes(UTF_8), SopsFormat.YAML));
    assertThrows(SopsFormatException.class, () -> e.encrypt("a: 1\na: 2\n".getBytes(UTF_8), SopsFormat.YAML));
    assertThrows(SopsFormatException.class, () -> e.encrypt("[1]".getBytes(UTF_8), SopsFormat.JSON));
  }

  @Test
  void multiDocumentYamlSharesOneMacAndMetadata() {
    String yaml = "a: one\n---\nb: two\n";
    byte[] enc = encryptor(SopsRules.defaults()).encrypt(yaml.getBytes(UTF_8), SopsFormat.YAML);
    String text = new String(enc, UTF_8);
    assertEquals(2, text.split("\nsops:", -1).length - 1 + (text.startsWith("sops:") ? 1 : 0));
    assertEquals(new YamlStore().read(yaml.getBytes(UTF_8)).documents(),
        new YamlStore().read(Sops.decrypt(enc, SopsFormat.YAML, ids())).documents());
  }

  private static String line(String text, String prefix) {
    for (String l : text.split("\n")) {
      if (l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line " + prefix);
  }
}
