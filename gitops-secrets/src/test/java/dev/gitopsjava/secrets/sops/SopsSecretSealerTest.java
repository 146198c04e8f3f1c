package dev.gitopsjava.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.NoMatchingKeyException;
import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.SealingTarget;
import dev.gitopsjava.secrets.SecretOpener;
import dev.gitopsjava.secrets.SecretSealer;
import dev.gitopsjava.secrets.SecretSealers;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sops format through the module's SecretSealer / SecretOpener SPI. */
class SopsSecretSealerTest {
  private static final AgeKeyPair KEYS = AgeKeyPair.generate(new SecureRandom());
  private static final Manifest SECRET = Manifest.parse("""
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: shop
      type: Opaque
      stringData:
        password: hunter2-plaintext
      data:
        token: aHVudGVyMg==
      """);

  private static KeySource recipients() {
    return KeySource.of("test recipients", KeyMaterial.ofText("inline", KEYS.recipient().toString()));
  }

  private static KeySource identities(AgeKeyPair keys) {
    return KeySource.of("test identity", KeyMaterial.ofText("inline", keys.identityFileText(Instant.EPOCH)));
  }

  @Test
  void sealsSecretDataOnlyAndOpensItBack() {
    SecretSealers sealers = SecretSealers.load();
    SecretSealer sealer = sealers.sealer("sops").orElseThrow();
    Manifest sealed = sealer.seal(SECRET, SealingTarget.of(recipients()));
    assertEquals("db", sealed.key().name());
    assertTrue(sealed.tree().get("sops").has("mac"));
    assertFalse(sealed.toJson().contains("hunter2"));
    assertTrue(sealed.tree().get("type").asString().equals("Opaque"), "only data is encrypted by default");

    SecretOpener opener = sealers.openerFor(sealed).orElseThrow();
    assertEquals("sops", opener.format());
    assertEquals(SECRET.tree(), opener.open(sealed, identities(KEYS)).tree());
    // What the sealer writes, the render-time filter opens too.
    assertEquals(SECRET.tree(), SopsManifests.decrypt(Manifest.parse(sealed.toYaml()),
        java.util.List.of(KEYS.identity())).tree());
  }

  @Test
  void optionsChooseTheRule() {
    Manifest sealed = new SopsSecretSealer().seal(SECRET,
        new SealingTarget(recipients(), Map.of("unencrypted_regex", "^(apiVersion|kind|metadata|type)$")));
    assertEquals("^(apiVersion|kind|metadata|type)$",
        sealed.tree().get("sops").get("unencrypted_regex").asString());
    assertThrows(SealingException.class, () -> new SopsSecretSealer().seal(SECRET,
        new SealingTarget(recipients(), Map.of("scope", "strict"))));
  }

  @Test
  void wrongKeyIsNoMatchingKey() {
    Manifest sealed = new SopsSecretSealer().seal(SECRET, SealingTarget.of(recipients()));
    NoMatchingKeyException e = assertThrows(NoMatchingKeyException.class,
        () -> new SopsSecretOpener().open(sealed, identities(AgeKeyPair.generate(new SecureRandom()))));
    assertFalse(e.getMessage().contains("hunter2"));
  }
}
