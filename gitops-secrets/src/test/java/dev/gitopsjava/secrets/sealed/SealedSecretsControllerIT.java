package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.core.testing.MockCluster;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embeddable controller against fabric8's in-process API server (CRUD mode): keys from the
 * controller's key Secret, SealedSecret → owned Secret (create, update, re-create, delete),
 * failures on the status, the certificate endpoint; and fetching the certificate through the
 * service proxy. One controller for the whole class: the mock server can block its event loop for
 * a long time when a watch closes, so no test here stops a watching controller.
 */
class SealedSecretsControllerIT {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static MockCluster cluster;
  private static KubernetesClient client;
  private static SealedSecretsController controller;
  private static Path dir;
  private static ControllerCertificate cert;

  @BeforeAll
  static void start() throws IOException {
    dir = Conformance.dir("sealed-secrets").resolve("generated");
    cert = ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem")));
    cluster = MockCluster.start();
    client = cluster.client();
    Secret keySecret = client.getKubernetesSerialization().unmarshal(
        Files.readString(dir.resolve("controller-key-secret.yaml")), Secret.class);
    client.secrets().inNamespace("kube-system").resource(keySecret).create();
    controller = SealedSecretsController.builder()
        .client(client)
        .keyNamespace("kube-system")
        .watchNamespace("demo-ns")
        .certificateEndpoint(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .clock(CLOCK)
        .build()
        .start();
  }

  @AfterAll
  static void stop() {
    if (controller != null) {
      controller.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void servesTheCertificateOfTheKeySecret() throws Exception {
    assertEquals(cert, ControllerCertificate.parsePem(controller.certificatePem(), "controller"));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(controller.certificateUrl().orElseThrow()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("application/x-pem-file", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(cert, ControllerCertificate.parsePem(response.body(), "http"));
  }

  @Test
  void sealedSecretBecomesAnOwnedSecretThatFollowsUpdatesAndDeletionAndComesBack() throws IOException {
    GenericKubernetesResource created = createSealedSecret(Files.readString(dir.resolve("sealedsecret-strict.yaml")));
    Secret secret = await("Secret demo-ns/demo-secret", () -> secret("demo-ns", "demo-secret"));
    assertEquals("YWRtaW4=", secret.getData().get("username"));
    assertEquals("Opaque", secret.getType());
    assertEquals(created.getMetadata().getUid(), secret.getMetadata().getOwnerReferences().get(0).getUid());
    assertEquals("SealedSecret", secret.getMetadata().getOwnerReferences().get(0).getKind());
    Map<String, Object> condition = await("Synced condition", () -> syncedCondition("demo-ns", "demo-secret"));
    assertEquals("True", condition.get("status"));

    Manifest live = SealedSecrets.readSealedSecret(client.getKubernetesSerialization().asYaml(
        sealedSecrets("demo-ns").withName("demo-secret").get()), "live");
    Manifest merged = SealedSecrets.mergeInto(live).item("password", "rotated".getBytes(StandardCharsets.UTF_8))
        .certificate(cert).clock(CLOCK).call();
    sealedSecrets("demo-ns").resource(generic(merged.toJson())).update();
    String rotated = Base64.getEncoder().encodeToString("rotated".getBytes(StandardCharsets.UTF_8));
    await("password rotated", () -> secret("demo-ns", "demo-secret")
        .filter(s -> rotated.equals(s.getData().get("password"))));

    client.secrets().inNamespace("demo-ns").withName("demo-secret").delete();
    await("deleted Secret created again", () -> secret("demo-ns", "demo-secret")
        .filter(s -> rotated.equals(s.getData().get("password"))));

    sealedSecrets("demo-ns").withName("demo-secret").delete();
    await("Secret deleted", () -> secret("demo-ns", "demo-secret").isEmpty() ? Optional.of(true) : Optional.empty());
  }

  @Test
  void sealedSecretMovedOutOfItsScopeReportsTheFailureOnItsStatus() throws IOException {
    createSealedSecret(Files.readString(dir.resolve("sealedsecret-strict.yaml"))
        .replace("name: demo-secret", "name: moved"));
    Map<String, Object> condition = await("failed Synced condition", () -> syncedCondition("demo-ns", "moved")
        .filter(c -> "False".equals(c.get("status"))));
    String message = String.valueOf(condition.get("message"));
    assertTrue(message.contains("SealedSecret demo-ns/moved") && message.contains("no key could decrypt"), message);
    assertFalse(message.contains("admin"), message);
    assertTrue(secret("demo-ns", "moved").isEmpty());
  }

  @Test
  void existingSecretNotOwnedIsLeftAlone() {
    client.secrets().inNamespace("demo-ns").resource(new SecretBuilder().withNewMetadata().withName("taken")
        .withNamespace("demo-ns").endMetadata().addToData("k", "b3JpZ2luYWw=").build()).create();
    Manifest secret = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: taken, namespace: demo-ns}\n"
        + "stringData: {k: replaced}\n");
    createSealedSecret(SealedSecrets.toYaml(SealedSecrets.seal(secret).certificate(cert).clock(CLOCK).call()));
    Map<String, Object> condition = await("failed Synced condition", () -> syncedCondition("demo-ns", "taken")
        .filter(c -> "False".equals(c.get("status"))));
    assertTrue(String.valueOf(condition.get("message")).contains("not managed by SealedSecret"), condition.toString());
    assertEquals("b3JpZ2luYWw=", secret("demo-ns", "taken").orElseThrow().getData().get("k"));
  }

  @Test
  void generatesAndStoresAKeyWhenTheClusterHasNoneAndFindsItAfterwards() {
    // The key store alone: starting and stopping a second watching controller here could stall the
    // mock server (see the class comment); the watch itself is covered by the other tests.
    ClusterClient clusterClient = ClusterClient.fabric8(client);
    SealingKeys generated = new ControllerKeys(clusterClient, "fresh-keys", null, true, 2048,
        SealingKey.DEFAULT_CERTIFICATE_TTL, CLOCK, new SecureRandom()).load();
    List<Secret> stored = client.secrets().inNamespace("fresh-keys")
        .withLabel(ControllerKeys.KEY_LABEL, "active").list().getItems();
    assertEquals(1, stored.size());
    assertEquals("kubernetes.io/tls", stored.get(0).getType());
    assertTrue(stored.get(0).getMetadata().getName().startsWith("sealed-secrets-key"));
    ControllerCertificate certificate = generated.newest().certificate().orElseThrow();
    assertEquals(certificate.toPem(),
        new String(Base64.getDecoder().decode(stored.get(0).getData().get("tls.crt")), StandardCharsets.US_ASCII));
    assertEquals("", certificate.subject());
    assertEquals(CLOCK.instant(), certificate.notBefore());
    assertEquals(CLOCK.instant().plus(SealingKey.DEFAULT_CERTIFICATE_TTL), certificate.notAfter());

    SealingKeys found = new ControllerKeys(clusterClient, "fresh-keys", null, false, 2048,
        SealingKey.DEFAULT_CERTIFICATE_TTL, CLOCK, new SecureRandom()).load();
    assertEquals(1, found.keys().size());
    assertEquals(certificate, found.newest().certificate().orElseThrow());
    Manifest secret = Manifest.parse("apiVersion: v1\nkind: Secret\nmetadata: {name: app, namespace: gen-ns}\n"
        + "stringData: {token: abc}\n");
    Manifest sealed = SealedSecrets.seal(secret).certificate(certificate).clock(CLOCK).call();
    assertEquals("YWJj", SealedSecrets.unseal(sealed).keys(found).call().tree().path("data").path("token").asString());
  }

  @Test
  void refusesToStartWithoutKeysWhenGenerationIsOff() {
    SealedSecretsController noKeys = SealedSecretsController.builder().client(client).keyNamespace("no-keys")
        .generateKeyIfMissing(false).build();
    KeyMaterialException e = assertThrows(KeyMaterialException.class, noKeys::start);
    assertTrue(e.getMessage().contains("no-keys"), e.getMessage());
    noKeys.close();
  }

  @Test
  void fetchesTheCertificateThroughTheServiceProxyUsingTheFirstPortName() {
    client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
        .withName("sealed-secrets-controller").withNamespace("kube-system").endMetadata()
        .withNewSpec().addNewPort().withName("http").withPort(8080).endPort().endSpec().build()).create();
    cluster.server().expect().get()
        .withPath("/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem")
        .andReturn(200, cert.toPem()).once();
    assertEquals(cert, ControllerCertificate.read(ControllerCertificate.fromCluster(client)));
  }

  @Test
  void fetchingWithoutAServiceUsesAnEmptyPortNameAndReportsHttpErrors() {
    cluster.server().expect().get()
        .withPath("/api/v1/namespaces/sealing/services/http:my-controller:/proxy/v1/cert.pem")
        .andReturn(200, cert.toPem()).once();
    assertEquals(cert, ControllerCertificate.read(ControllerCertificate.fromCluster(client, "sealing", "my-controller")));
    cluster.server().expect().get()
        .withPath("/api/v1/namespaces/sealing/services/http:my-controller:/proxy/v1/cert.pem")
        .andReturn(503, "unavailable").once();
    KeyMaterialException e = assertThrows(KeyMaterialException.class,
        () -> ControllerCertificate.read(ControllerCertificate.fromCluster(client, "sealing", "my-controller")));
    assertTrue(e.getMessage().contains("HTTP 503") && e.getMessage().contains("sealing/my-controller"), e.getMessage());
  }

  private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
      io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
      io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> sealedSecrets(String namespace) {
    return client.genericKubernetesResources(StatusWriter.SEALED_SECRETS).inNamespace(namespace);
  }

  private static GenericKubernetesResource generic(String yamlOrJson) {
    return client.getKubernetesSerialization().unmarshal(yamlOrJson, GenericKubernetesResource.class);
  }

  private static GenericKubernetesResource createSealedSecret(String yaml) {
    GenericKubernetesResource resource = generic(yaml);
    return sealedSecrets(resource.getMetadata().getNamespace()).resource(resource).create();
  }

  private static Optional<Secret> secret(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  @SuppressWarnings("unchecked")
  private static Optional<Map<String, Object>> syncedCondition(String namespace, String name) {
    GenericKubernetesResource live = sealedSecrets(namespace).withName(name).get();
    if (live == null || !(live.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return Optional.empty();
    }
    if (!(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> c instanceof Map<?, ?> m && "Synced".equals(m.get("type")))
        .map(c -> (Map<String, Object>) c).findFirst();
  }

  /** Polls {@code probe} until it yields a value, failing after {@link #WAIT}. */
  private static <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
    }
  }
}
