package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.MalformedInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What {@link SealCommand} keeps, strips and refuses, as kubeseal does. */
class SealCommandTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
  private static ControllerCertificate cert;
  private static SealingKeys keys;

  @BeforeAll
  static void keys() {
    var dir = Conformance.dir("sealed-secrets").resolve("generated");
    cert = ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem")));
    keys = SealingKeys.from(KeySource.file(dir.resolve("sealing-key.pem")));
  }

  private static Manifest seal(String secretYaml) {
    return SealedSecrets.seal(Manifest.parse(secretYaml)).certificate(cert).clock(CLOCK).call();
  }

  @Test
  void templateKeepsLabelsAndAnnotationsButNotLastAppliedOrServerFields() {
    Manifest sealed = seal("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          namespace: shop
          uid: 1234
          resourceVersion: "77"
          creationTimestamp: "2026-01-01T00:00:00Z"
          ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: x, uid: y}]
          labels: {app: shop}
          annotations:
            team: payments
            kubectl.kubernetes.io/last-applied-configuration: '{"stringData":{"password":"hunter2"}}'
        type: kubernetes.io/basic-auth
        immutable: true
        stringData: {password: hunter2}
        """);
    JsonNode template = sealed.tree().path("spec").path("template");
    assertEquals(List.of("annotations", "labels", "name", "namespace"),
        List.copyOf(template.path("metadata").propertyNames()));
    assertEquals("payments", template.path("metadata").path("annotations").path("team").asString());
    assertEquals(1, template.path("metadata").path("annotations").size());
    assertEquals("kubernetes.io/basic-auth", template.path("type").asString());
    assertTrue(template.path("immutable").booleanValue());
    assertFalse(sealed.toYaml().contains("hunter2"));
    assertTrue(sealed.annotations().isEmpty(), "strict scope puts no annotation on the SealedSecret");
  }

  @Test
  void stringDataWinsOverDataForTheSameItemAndItemsAreSorted() {
    Manifest sealed = seal("""
        apiVersion: v1
        kind: Secret
        metadata: {name: a, namespace: b}
        data: {z: eA==, k: ZnJvbS1kYXRh}
        stringData: {k: from-stringData}
        """);
    assertEquals(List.of("k", "z"), List.copyOf(sealed.tree().path("spec").path("encryptedData").propertyNames()));
    Manifest opened = SealedSecrets.unseal(sealed).keys(keys).call();
    assertEquals("ZnJvbS1zdHJpbmdEYXRh", opened.tree().path("data").path("k").asString());
    assertEquals("eA==", opened.tree().path("data").path("z").asString());
  }

  @Test
  void scopeComesFromTheSecretsAnnotationsUnlessSetAndIsWrittenToBothPlaces() {
    String annotated = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: a
          namespace: b
          annotations: {sealedsecrets.bitnami.com/namespace-wide: "true"}
        stringData: {k: v}
        """;
    Manifest fromAnnotations = seal(annotated);
    assertEquals(SealingScope.NAMESPACE_WIDE, SealingScope.fromAnnotations(fromAnnotations.annotations()));
    Manifest overridden = SealedSecrets.seal(Manifest.parse(annotated)).certificate(cert).clock(CLOCK)
        .scope(SealingScope.CLUSTER_WIDE).call();
    assertEquals("true", overridden.annotation(SealingScope.CLUSTER_WIDE_ANNOTATION).orElseThrow());
    assertTrue(overridden.annotation(SealingScope.NAMESPACE_WIDE_ANNOTATION).isEmpty());
    JsonNode templateAnnotations = overridden.tree().path("spec").path("template").path("metadata").path("annotations");
    assertEquals("true", templateAnnotations.path(SealingScope.CLUSTER_WIDE_ANNOTATION).asString());
    assertFalse(templateAnnotations.has(SealingScope.NAMESPACE_WIDE_ANNOTATION));
    Manifest strict = SealedSecrets.seal(Manifest.parse(annotated)).certificate(cert).clock(CLOCK)
        .scope(SealingScope.STRICT).call();
    assertTrue(strict.annotations().isEmpty());
    assertFalse(strict.tree().path("spec").path("template").path("metadata").has("annotations"));
  }

  @Test
  void aSecretWithoutNamespaceNeedsOneUnlessClusterWide() {
    String noNamespace = "apiVersion: v1\nkind: Secret\nmetadata: {name: a}\nstringData: {k: v}\n";
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> seal(noNamespace));
    assertTrue(e.getMessage().contains("Secret a") && e.getMessage().contains("namespace"), e.getMessage());
    Manifest defaulted = SealedSecrets.seal(Manifest.parse(noNamespace)).certificate(cert).clock(CLOCK)
        .defaultNamespace("ctx-ns").call();
    assertEquals("ctx-ns", defaulted.key().namespace());
    assertEquals("ctx-ns", defaulted.tree().path("spec").path("template").path("metadata").path("namespace").asString());
    Manifest clusterWide = SealedSecrets.seal(Manifest.parse(noNamespace)).certificate(cert).clock(CLOCK)
        .scope(SealingScope.CLUSTER_WIDE).call();
    assertEquals("", clusterWide.key().namespace());
    Manifest placed = Manifest.of(clusterWide.withNamespace("anywhere").tree(), clusterWide.origin());
    assertEquals("dg==", SealedSecrets.unseal(placed).keys(keys).call().tree().path("data").path("k").asString());
  }

  @Test
  void emptySecretIsRefusedUnlessAllowed() {
    String empty = "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\n";
    assertThrows(MalformedInputException.class, () -> seal(empty));
    Manifest sealed = SealedSecrets.seal(Manifest.parse(empty)).certificate(cert).clock(CLOCK).allowEmptyData(true).call();
    assertTrue(sealed.tree().path("spec").path("encryptedData").isEmpty());
  }

  @Test
  void onlyV1SecretsAreSealedAndBadValuesAreNamedNotShown() {
    MalformedInputException wrongKind = assertThrows(MalformedInputException.class,
        () -> seal("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: b}\ndata: {k: v}\n"));
    assertTrue(wrongKind.getMessage().contains("ConfigMap"), wrongKind.getMessage());
    MalformedInputException badBase64 = assertThrows(MalformedInputException.class,
        () -> seal("apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\ndata: {pw: 'hunter2!!'}\n"));
    assertTrue(badBase64.getMessage().contains("data.pw"), badBase64.getMessage());
    assertFalse(badBase64.getMessage().contains("hunter2"), badBase64.getMessage());
  }

  @Test
  void optionsAreSetOnceAndTheCommandRunsOnce() {
    SealCommand command = SealedSecrets.seal(Manifest.parse(
        "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n")).certificate(cert);
    assertThrows(IllegalStateException.class, () -> command.certificate(cert));
    command.clock(CLOCK).call();
    assertThrows(IllegalStateException.class, command::call);
    assertThrows(IllegalStateException.class,
        () -> SealedSecrets.seal(Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n")).call());
  }

  @Test
  void readSecretNeverEchoesTheTextOfMalformedYaml() {
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> SealedSecrets.readSecret("stringData: {password: \"hunter2\n", "secret.yaml"));
    assertTrue(e.getMessage().startsWith("secret.yaml"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void yamlQuotesScalarsThatWouldReadBackAsAnotherType() {
    Manifest sealed = seal("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: "123"
          namespace: b
          labels: {enabled: "true", count: "42", plain: text}
        stringData: {k: v}
        """);
    String yaml = SealedSecrets.toYaml(sealed);
    assertTrue(yaml.contains("name: \"123\""), yaml);
    assertTrue(yaml.contains("enabled: \"true\""), yaml);
    assertTrue(yaml.contains("count: \"42\""), yaml);
    assertTrue(yaml.contains("plain: text"), yaml);
    assertEquals(sealed.tree(), SealedSecrets.readSealedSecret(yaml, "again").tree());
  }
}
