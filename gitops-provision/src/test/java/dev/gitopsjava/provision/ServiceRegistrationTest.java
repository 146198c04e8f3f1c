package dev.gitopsjava.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.ServiceRegistrations;
import dev.gitopsjava.provision.spi.ComputeProvider;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every ComputeProvider gitops-provision ships is registered under META-INF/services, and found. */
class ServiceRegistrationTest {

  @Test
  void everyBuiltInProviderIsRegisteredAndFound() {
    Set<String> loadable = ServiceRegistrations.loadableImplementations(ComputeProvider.class, ComputeProvider.class);
    assertEquals(Set.of("dev.gitopsjava.provision.hetzner.HetznerProvider",
        "dev.gitopsjava.provision.openstack.OpenStackProvider"), loadable);
    assertTrue(ServiceRegistrations.registered(ComputeProvider.class, "dev.gitopsjava.provision.").containsAll(loadable),
        ServiceRegistrations.registered(ComputeProvider.class, "dev.gitopsjava.provision.").toString());
    ComputeProviders providers = ComputeProviders.fromServiceLoader();
    assertEquals("dev.gitopsjava.provision.openstack.OpenStackProvider", providers.get("openstack").getClass().getName());
    assertEquals("dev.gitopsjava.provision.hetzner.HetznerProvider", providers.get("hetzner").getClass().getName());
  }
}
