package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Javadoc example of {@link SealedSecrets}, run as written (paths pointed at the conformance files). */
class SealedSecretsExampleTest {

  @Test
  void javadocExampleRuns() {
    Path dir = Conformance.dir("sealed-secrets").resolve("generated");
    Manifest secret = Manifest.parse("""
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: s3cret}
        """);

    ControllerCertificate cert = ControllerCertificate.read(KeySource.file(dir.resolve("sealing-cert.pem")));
    Manifest sealed = SealedSecrets.seal(secret).certificate(cert).scope(SealingScope.STRICT).call();
    String yaml = SealedSecrets.toYaml(sealed);               // as kubeseal --format yaml writes it

    SealingKeys keys = SealingKeys.from(KeySource.file(dir.resolve("sealing-key.pem")));
    Manifest secretAgain = SealedSecrets.unseal(sealed).keys(keys).call();

    assertTrue(yaml.startsWith("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"), yaml);
    assertEquals("czNjcmV0", secretAgain.tree().path("data").path("password").asString());
  }
}
