package dev.gitopsjava.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.testing.ServiceRegistrations;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every SPI implementation gitops-secrets ships is registered under META-INF/services, and found. */
class ServiceRegistrationTest {

  @Test
  void serviceLoaderFindsTheBuiltInSealersOpenersAndFilters() {
    assertEquals(Set.of("dev.gitopsjava.secrets.sealed.SealedSecretsSealer", "dev.gitopsjava.secrets.sops.SopsSecretSealer"),
        ServiceRegistrations.registered(SecretSealer.class, "dev.gitopsjava.secrets."));
    assertEquals(Set.of("dev.gitopsjava.secrets.sealed.SealedSecretsOpener", "dev.gitopsjava.secrets.sops.SopsSecretOpener"),
        ServiceRegistrations.registered(SecretOpener.class, "dev.gitopsjava.secrets."));
    assertEquals(Set.of("dev.gitopsjava.secrets.sops.SopsManifestFilter"),
        ServiceRegistrations.registered(ManifestFilter.class, "dev.gitopsjava.secrets."));
    SecretSealers loaded = SecretSealers.load();
    assertEquals(Set.of("sealed-secrets", "sops"), loaded.sealerFormats());
    assertEquals(Set.of("sealed-secrets", "sops"), loaded.openerFormats());
  }

  @Test
  void everyLoadableImplementationIsRegistered() {
    for (Class<?> spi : new Class<?>[] {SecretSealer.class, SecretOpener.class, ManifestFilter.class}) {
      Set<String> loadable = ServiceRegistrations.loadableImplementations(SecretSealer.class, spi);
      assertFalse(loadable.isEmpty(), spi.getSimpleName());
      assertTrue(ServiceRegistrations.registered(spi, "dev.gitopsjava.secrets.").containsAll(loadable),
          spi.getSimpleName() + ": not registered: " + loadable);
    }
  }
}
