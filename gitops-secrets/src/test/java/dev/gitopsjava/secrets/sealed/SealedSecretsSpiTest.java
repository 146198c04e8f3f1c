package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.SealingTarget;
import dev.gitopsjava.secrets.SecretOpener;
import dev.gitopsjava.secrets.SecretSealer;
import dev.gitopsjava.secrets.SecretSealers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sealed-secrets format through the generic SPI, as the registry hands it out. */
class SealedSecretsSpiTest {
  private final Path dir = Conformance.dir("sealed-secrets").resolve("generated");
  private final SecretSealers registry = SecretSealers.load();
  private final Manifest secret = Manifest.parse(
      "apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: b}\nstringData: {k: v}\n");

  @Test
  void sealThenOpenThroughTheRegistry() {
    SecretSealer sealer = registry.sealer(SealedSecrets.FORMAT).orElseThrow();
    Manifest sealed = sealer.seal(secret, SealingTarget.of(KeySource.file(dir.resolve("sealing-cert.pem")))
        .withOption("scope", "namespace-wide"));
    assertEquals("true", sealed.annotation(SealingScope.NAMESPACE_WIDE_ANNOTATION).orElseThrow());
    SecretOpener opener = registry.openerFor(sealed).orElseThrow();
    assertEquals(SealedSecrets.FORMAT, opener.format());
    Manifest opened = opener.open(sealed, KeySource.file(dir.resolve("controller-key-secret.yaml")));
    assertEquals("dg==", opened.tree().path("data").path("k").asString());
  }

  @Test
  void unknownOptionsAndBadScopesAreRefused() {
    SecretSealer sealer = registry.sealer(SealedSecrets.FORMAT).orElseThrow();
    SealingTarget target = SealingTarget.of(KeySource.file(dir.resolve("sealing-cert.pem")));
    SealingException unknown = assertThrows(SealingException.class,
        () -> sealer.seal(secret, target.withOption("encrypted_regex", "x")));
    assertTrue(unknown.getMessage().contains("encrypted_regex"), unknown.getMessage());
    assertThrows(SealingException.class, () -> sealer.seal(secret, target.withOption("scope", "galaxy")));
  }
}
