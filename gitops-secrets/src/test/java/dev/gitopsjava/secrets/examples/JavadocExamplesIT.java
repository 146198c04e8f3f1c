package dev.gitopsjava.secrets.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.core.testing.MockCluster;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.sealed.ControllerCertificate;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealedSecretsController;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc examples of gitops-secrets' cluster entry points, run from outside the library's
 * packages against fabric8's in-process API server. {@code "cert.pem"} points at the conformance
 * certificate; the cluster holds the matching controller key Secret.
 */
class JavadocExamplesIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ResourceDefinitionContext SEALED_SECRETS = new ResourceDefinitionContext.Builder()
      .withGroup("bitnami.com").withVersion("v1alpha1").withKind("SealedSecret").withPlural("sealedsecrets")
      .withNamespaced(true).build();
  private static MockCluster mock;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    dir = Conformance.dir("sealed-secrets").resolve("generated");
    mock = MockCluster.start();
    Secret keySecret = mock.client().getKubernetesSerialization().unmarshal(
        Files.readString(dir.resolve("controller-key-secret.yaml")), Secret.class);
    mock.client().secrets().inNamespace("kube-system").resource(keySecret).create();
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  // ControllerCertificate's Javadoc example: from a PEM file, and from the controller through the API server's proxy.
  @Test
  void controllerCertificate() {
    KubernetesClient client = mock.client();
    client.services().inNamespace("kube-system").resource(new ServiceBuilder().withNewMetadata()
        .withName("sealed-secrets-controller").withNamespace("kube-system").endMetadata()
        .withNewSpec().addNewPort().withName("http").withPort(8080).endPort().endSpec().build()).create();
    String served = ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem"))).toPem();
    mock.server().expect().get()
        .withPath("/api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:http/proxy/v1/cert.pem")
        .andReturn(200, served).once();
    // ControllerCertificate's Javadoc:
    ControllerCertificate cert = ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem")));
    ControllerCertificate live = ControllerCertificate.read(ControllerCertificate.fromCluster(client));

    assertEquals(cert, live);
    assertEquals(65537, cert.publicKey().getPublicExponent().intValueExact());
    assertEquals(4096, cert.publicKey().getModulus().bitLength());
  }

  // SealedSecretsController's Javadoc example: the controller serves the certificate of its key
  // Secret, and a SealedSecret sealed with it becomes a Secret.
  @Test
  void sealedSecretsController() {
    KubernetesClient kubernetesClient = mock.client();
    Secret unsealed;
    String served;
    // SealedSecretsController's Javadoc ("..." seals a Secret with the certificate and waits for the controller):
    try (SealedSecretsController controller = SealedSecretsController.builder()
        .client(kubernetesClient)
        .keyNamespace("kube-system")
        .build()
        .start()) {
      String pem = controller.certificatePem();      // what kubeseal --fetch-cert prints
      served = pem;
      Manifest sealed = SealedSecrets.seal(Manifest.parse("""
          apiVersion: v1
          kind: Secret
          metadata: {name: db, namespace: shop}
          stringData: {password: s3cret}
          """)).certificate(ControllerCertificate.parsePem(pem, "controller")).call();
      kubernetesClient.genericKubernetesResources(SEALED_SECRETS).inNamespace("shop").resource(
          kubernetesClient.getKubernetesSerialization().unmarshal(sealed.toJson(), GenericKubernetesResource.class))
          .create();
      unsealed = awaitSecret(kubernetesClient, "shop", "db");
    }

    assertEquals(ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem"))),
        ControllerCertificate.parsePem(served, "controller"), "the certificate of the key Secret in kube-system");
    assertEquals("czNjcmV0", unsealed.getData().get("password"));
  }

  /** Polls until the Secret exists, failing after {@link #WAIT}. */
  private static Secret awaitSecret(KubernetesClient client, String namespace, String name) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      if (secret != null) {
        return secret;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for Secret " + namespace + "/" + name);
      }
      LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
    }
  }
}
