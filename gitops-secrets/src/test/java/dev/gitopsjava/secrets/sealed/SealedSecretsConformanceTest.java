package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.NoMatchingKeyException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every vector and manifest in conformance/sealed-secrets (see its README). */
class SealedSecretsConformanceTest {
  private static final Clock IN_2026 = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
  private static Path dir;
  private static SealingKeys keys;
  private static ControllerCertificate cert;

  record Vector(String scope, String namespace, String name, String label, String item, byte[] plaintext,
      String sealedB64, int rsaLength) {
    @Override
    public String toString() {
      return scope + " " + namespace + "/" + name + " " + item;
    }
  }

  @BeforeAll
  static void load() {
    dir = Conformance.dir("sealed-secrets");
    keys = SealingKeys.from(KeySource.file(dir.resolve("generated/sealing-key.pem")));
    cert = ControllerCertificate.read(KeySource.file(dir.resolve("generated/sealing-cert.pem")));
  }

  static List<Vector> vectors() throws IOException {
    Path file = Conformance.dir("sealed-secrets").resolve("generated/vectors.json");
    JsonNode root = JsonMapper.builder().build().readTree(Files.readString(file));
    List<Vector> out = new ArrayList<>();
    for (JsonNode v : root.path("vectors")) {
      out.add(new Vector(v.path("scope").asString(), v.path("namespace").asString(), v.path("name").asString(),
          v.path("label").asString(), v.path("item").asString(),
          Base64.getDecoder().decode(v.path("plaintext_b64").asString()), v.path("sealed_b64").asString(),
          v.path("rsa_ciphertext_len").asInt()));
    }
    return out;
  }

  static Stream<Arguments> vectorArguments() throws IOException {
    return vectors().stream().map(Arguments::of);
  }

  @Test
  void thereAreSixteenVectors() throws IOException {
    assertEquals(16, vectors().size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorArguments")
  void vectorDecryptsToItsPlaintext(Vector v) {
    byte[] label = SealingScope.parse(v.scope()).label(v.namespace(), v.name());
    assertEquals(v.label(), new String(label, StandardCharsets.UTF_8), "scope label");
    byte[] sealed = Base64.getDecoder().decode(v.sealedB64());
    assertEquals(v.rsaLength(), ((sealed[0] & 0xff) << 8) | (sealed[1] & 0xff), "length prefix");
    assertEquals(2 + v.rsaLength() + v.plaintext().length + 16, sealed.length, "total length");
    assertArrayEquals(v.plaintext(), HybridCipher.decrypt(keys.privateKeys(), sealed, label).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorArguments")
  void vectorUnsealsThroughTheSealedSecretApi(Vector v) {
    Manifest sealedSecret = sealedSecretOf(v, v.namespace(), v.name());
    Manifest secret = SealedSecrets.unseal(sealedSecret).keys(keys).call();
    assertArrayEquals(v.plaintext(), Base64.getDecoder().decode(secret.tree().path("data").path(v.item()).asString()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorArguments")
  void vectorFailsWithAWrongLabel(Vector v) {
    byte[] sealed = Base64.getDecoder().decode(v.sealedB64());
    byte[] wrong = v.scope().equals("cluster-wide")
        ? "x".getBytes(StandardCharsets.UTF_8)
        : SealingScope.parse(v.scope()).label("x", v.name());
    assertTrue(HybridCipher.decrypt(keys.privateKeys(), sealed, wrong).isEmpty());
  }

  @Test
  void movedStrictSecretFailsNamingTheSealedSecretAndItemButNotTheValue() throws IOException {
    Vector v = vectors().stream().filter(x -> x.scope().equals("strict") && x.item().equals("password"))
        .findFirst().orElseThrow();
    Manifest moved = sealedSecretOf(v, "elsewhere", v.name());
    NoMatchingKeyException e = assertThrows(NoMatchingKeyException.class,
        () -> SealedSecrets.unseal(moved).keys(keys).call());
    assertTrue(e.getMessage().contains("SealedSecret elsewhere/" + v.name()), e.getMessage());
    assertTrue(e.getMessage().contains("'password'"), e.getMessage());
    assertFalse(e.getMessage().contains("S3cr3t"), e.getMessage());
    assertEquals("password", e.item());
  }

  @Test
  void namespaceWideSecretUnsealsUnderAnotherNameButNotInAnotherNamespace() throws IOException {
    Vector v = vectors().stream().filter(x -> x.scope().equals("namespace-wide") && x.item().equals("username"))
        .findFirst().orElseThrow();
    Manifest renamed = sealedSecretOf(v, v.namespace(), "renamed");
    assertEquals("YWRtaW4=", SealedSecrets.unseal(renamed).keys(keys).call().tree().path("data").path("username").asString());
    Manifest moved = sealedSecretOf(v, "other", v.name());
    assertThrows(NoMatchingKeyException.class, () -> SealedSecrets.unseal(moved).keys(keys).call());
  }

  @Test
  void upstreamKubesealTestCertificateHasTheExpectedModulusAndExponent() throws IOException {
    Path upstream = dir.resolve("upstream");
    ControllerCertificate c = ControllerCertificate.read(KeySource.file(upstream.resolve("kubeseal-test-cert.pem")));
    assertEquals(new BigInteger(Files.readString(upstream.resolve("kubeseal-test-cert.modulus.txt")).trim()),
        c.publicKey().getModulus());
    assertEquals(new BigInteger(Files.readString(upstream.resolve("kubeseal-test-cert.exponent.txt")).trim()),
        c.publicKey().getPublicExponent());
    assertEquals(4096, c.publicKey().getModulus().bitLength());
    assertEquals("", c.subject());
    assertEquals(Instant.parse("2027-06-18T00:00:00Z").getEpochSecond() / 86400,
        c.notAfter().getEpochSecond() / 86400, "expires 2027-06-18");
    c.requireUnexpired(IN_2026);
    assertThrows(ExpiredCertificateException.class,
        () -> c.requireUnexpired(Clock.fixed(Instant.parse("2027-06-19T00:00:00Z"), ZoneOffset.UTC)));
  }

  @Test
  void generatedCertificateMatchesTheGeneratedKey() {
    assertEquals(cert.publicKey().getModulus(), keys.newest().privateKey().getModulus());
    assertEquals(cert.publicKey(), keys.newest().publicKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void generatedSealedSecretUnsealsToTheDemoValues(String scope) {
    Manifest sealed = readManifest("generated/sealedsecret-" + scope + ".yaml");
    assertEquals(SealingScope.parse(scope), SealingScope.fromAnnotations(sealed.annotations()));
    Manifest secret = SealedSecrets.unseal(sealed).keys(keys).call();
    assertDemoValues(secret);
    assertEquals("Opaque", secret.tree().path("type").asString());
    assertEquals("demo-secret", secret.key().name());
    assertEquals("demo-ns", secret.key().namespace());
    JsonNode owner = secret.tree().path("metadata").path("ownerReferences").path(0);
    assertEquals("SealedSecret", owner.path("kind").asString());
    assertTrue(owner.path("controller").asBoolean());
  }

  @Test
  void controllerKeySecretUnsealsTheGeneratedManifests() {
    SealingKeys fromSecret = SealingKeys.from(KeySource.file(dir.resolve("generated/controller-key-secret.yaml")));
    assertEquals(1, fromSecret.keys().size());
    assertEquals(cert, fromSecret.newest().certificate().orElseThrow());
    for (String scope : List.of("strict", "namespace-wide", "cluster-wide")) {
      assertDemoValues(SealedSecrets.unseal(readManifest("generated/sealedsecret-" + scope + ".yaml"))
          .keys(fromSecret).call());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"strict", "namespace-wide", "cluster-wide"})
  void sealingTheDemoSecretGivesTheGeneratedShapeAndUnsealsAgain(String scope) {
    Manifest secret = SealedSecrets.unseal(readManifest("generated/sealedsecret-" + scope + ".yaml")).keys(keys).call();
    // Back to an input Secret as a user would write it: no ownerReferences.
    Manifest input = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: demo-secret, namespace: demo-ns}\n"
        + "type: Opaque\ndata: " + secret.tree().path("data").toString() + "\n");
    Manifest resealed = SealedSecrets.seal(input).certificate(cert).scope(SealingScope.parse(scope))
        .clock(IN_2026).call();
    Manifest expected = readManifest("generated/sealedsecret-" + scope + ".yaml");
    assertEquals(shape(expected.tree()), shape(resealed.tree()));
    assertDemoValues(SealedSecrets.unseal(resealed).keys(keys).call());
  }

  @Test
  void sealedYamlIsWrittenLikeKubeseal() {
    Manifest input = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: demo-secret, namespace: demo-ns}\n"
        + "type: Opaque\nstringData: {username: admin}\n");
    String yaml = SealedSecrets.toYaml(SealedSecrets.seal(input).certificate(cert)
        .scope(SealingScope.NAMESPACE_WIDE).clock(IN_2026).call());
    String expected = readManifestText("generated/sealedsecret-namespace-wide.yaml")
        .replaceAll("(?m)^    (password|empty|binary): .*\\n", "");
    assertEquals(expected.replaceAll("username: \\S+", "username: X"), yaml.replaceAll("username: \\S+", "username: X"));
  }

  @Test
  void expiredCertificateIsRefused() {
    Manifest input = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n");
    Clock in2035 = Clock.fixed(Instant.parse("2035-01-01T00:00:00Z"), ZoneOffset.UTC);
    ExpiredCertificateException e = assertThrows(ExpiredCertificateException.class,
        () -> SealedSecrets.seal(input).certificate(cert).clock(in2035).call());
    assertTrue(e.getMessage().contains("sealing-cert.pem"), e.getMessage());
  }

  @Test
  void mergeIntoAddsAndReplacesOneItemKeepingTheOthers() {
    Manifest existing = readManifest("generated/sealedsecret-strict.yaml");
    Manifest merged = SealedSecrets.mergeInto(existing)
        .item("password", "n3w".getBytes(StandardCharsets.UTF_8))
        .item("token", "t0k".getBytes(StandardCharsets.UTF_8))
        .certificate(cert).clock(IN_2026).random(new SecureRandom()).call();
    assertEquals(existing.tree().path("spec").path("encryptedData").path("username"),
        merged.tree().path("spec").path("encryptedData").path("username"));
    Map<String, String> data = decoded(SealedSecrets.unseal(merged).keys(keys).call());
    assertEquals(Map.of("username", "admin", "password", "n3w", "token", "t0k", "empty", "",
        "binary", new String(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"), StandardCharsets.ISO_8859_1)),
        Map.of("username", data.get("username"), "password", data.get("password"), "token", data.get("token"),
            "empty", data.get("empty"), "binary", data.get("binary")));
  }

  private static Map<String, String> decoded(Manifest secret) {
    Map<String, String> out = new java.util.HashMap<>();
    secret.tree().path("data").properties().forEach(e -> out.put(e.getKey(),
        new String(Base64.getDecoder().decode(e.getValue().asString()),
            e.getKey().equals("binary") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8)));
    return out;
  }

  private static void assertDemoValues(Manifest secret) {
    Map<String, String> data = decoded(secret);
    assertEquals("admin", data.get("username"));
    assertEquals("S3cr3t!é", data.get("password"));
    assertEquals("", data.get("empty"));
    assertArrayEquals(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
        Base64.getDecoder().decode(secret.tree().path("data").path("binary").asString()));
  }

  /** The document with every string leaf under encryptedData replaced, to compare structure only. */
  private static JsonNode shape(JsonNode tree) {
    tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) tree.deepCopy();
    tools.jackson.databind.node.ObjectNode items =
        (tools.jackson.databind.node.ObjectNode) copy.path("spec").path("encryptedData");
    new ArrayList<>(items.propertyNames()).forEach(k -> items.put(k, "sealed"));
    return copy;
  }

  private static Manifest sealedSecretOf(Vector v, String namespace, String name) {
    String annotations = switch (v.scope()) {
      case "namespace-wide" -> "  annotations: {sealedsecrets.bitnami.com/namespace-wide: \"true\"}\n";
      case "cluster-wide" -> "  annotations: {sealedsecrets.bitnami.com/cluster-wide: \"true\"}\n";
      default -> "";
    };
    return Manifest.parse("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: " + name
        + "\n  namespace: " + namespace + "\n" + annotations + "spec:\n  encryptedData:\n    " + v.item() + ": "
        + v.sealedB64() + "\n");
  }

  private static Manifest readManifest(String relative) {
    return SealedSecrets.readSealedSecret(readManifestText(relative), relative);
  }

  private static String readManifestText(String relative) {
    try {
      return Files.readString(dir.resolve(relative));
    } catch (IOException e) {
      throw new AssertionError("cannot read " + relative, e);
    }
  }
}
