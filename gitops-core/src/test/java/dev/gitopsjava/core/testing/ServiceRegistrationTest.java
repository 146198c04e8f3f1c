package dev.gitopsjava.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.source.RendererRegistry;
import dev.gitopsjava.core.spi.HealthCheck;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.Normalizer;
import dev.gitopsjava.core.spi.Renderer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * gitops-core's SPIs: its own built-ins are package-private and wired into the registries directly
 * (so they are never registered twice); plug-ins come through META-INF/services, as the test
 * plug-ins registered under src/test/resources show.
 */
class ServiceRegistrationTest {

  @Test
  void builtInsAreInTheRegistriesAndPlugInsAreServiceLoaded() {
    assertTrue(RendererRegistry.builtIn().types().containsAll(List.of("kustomize", "directory")),
        RendererRegistry.builtIn().types().toString());
    assertTrue(HealthAssessor.builtIn().hasCheck(ResourceKey.of("apps/v1", "Deployment", "ns", "d")));
    assertEquals(Set.of("dev.gitopsjava.core.health.ServiceLoadedWidgetHealth"),
        ServiceRegistrations.registered(HealthCheck.class, "dev.gitopsjava.core."));
    assertEquals(Set.of("dev.gitopsjava.core.diff.WidgetStatusNormalizer"),
        ServiceRegistrations.registered(Normalizer.class, "dev.gitopsjava.core."));
    assertTrue(HealthAssessor.withServices().hasCheck(ResourceKey.of("example.com/v1", "ServiceLoadedWidget", "ns", "w")));
  }

  @Test
  void noPublicImplementationIsLeftUnregistered() {
    for (Class<?> spi : new Class<?>[] {Renderer.class, HealthCheck.class, Normalizer.class, ManifestFilter.class}) {
      Set<String> loadable = ServiceRegistrations.loadableImplementations(Renderer.class, spi);
      assertTrue(ServiceRegistrations.registered(spi, "dev.gitopsjava.core.").containsAll(loadable),
          spi.getSimpleName() + ": not registered: " + loadable);
    }
  }
}
