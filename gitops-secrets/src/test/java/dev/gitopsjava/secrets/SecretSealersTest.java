package dev.gitopsjava.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretSealersTest {

  record FakeSealer(String format, int priority) implements SecretSealer {
    @Override
    public Manifest seal(Manifest secret, SealingTarget target) {
      return secret;
    }
  }

  record FakeOpener(String format, String kind) implements SecretOpener {
    @Override
    public boolean canOpen(Manifest manifest) {
      return manifest.key().kind().equals(kind);
    }

    @Override
    public Manifest open(Manifest sealed, KeySource keys) {
      return sealed;
    }
  }

  @Test
  void emptyRegistryHasNoFormats() {
    SecretSealers none = SecretSealers.empty();
    assertTrue(none.sealerFormats().isEmpty());
    assertTrue(none.sealer("x").isEmpty());
  }

  @Test
  void explicitRegistrationReplacesEarlierProviderOfSameFormat() {
    FakeSealer first = new FakeSealer("f", 100);
    FakeSealer second = new FakeSealer("f", 0);
    SecretSealers sealers = SecretSealers.empty().register(first).register(second);
    assertSame(second, sealers.sealer("f").orElseThrow());
    assertEquals(List.of("f"), List.copyOf(sealers.sealerFormats()));
  }

  @Test
  void openerForPicksTheOpenerThatRecognisesTheManifest() {
    SecretSealers sealers = SecretSealers.empty()
        .register(new FakeOpener("a", "ConfigMap"))
        .register(new FakeOpener("b", "SealedSecret"));
    Manifest sealed = Manifest.parse("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata: {name: s}\n");
    assertEquals("b", sealers.openerFor(sealed).orElseThrow().format());
    Manifest other = Manifest.parse("apiVersion: v1\nkind: Pod\nmetadata: {name: s}\n");
    assertFalse(sealers.openerFor(other).isPresent());
  }

  @Test
  void serviceLoaderFindsTheSealedSecretsFormat() {
    SecretSealers sealers = SecretSealers.load();
    assertTrue(sealers.sealerFormats().contains("sealed-secrets"), sealers.sealerFormats().toString());
    assertTrue(sealers.openerFormats().contains("sealed-secrets"), sealers.openerFormats().toString());
  }
}
