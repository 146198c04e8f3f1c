package dev.gitopsjava.provision.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gitopsjava.provision.spi.ComputeProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProviderRegistrationTest {
  @Test
  void serviceLoaderFindsTheBuiltInProviders() {
    Map<String, String> found = new TreeMap<>();
    for (ComputeProvider p : ServiceLoader.load(ComputeProvider.class)) {
      found.put(p.name(), p.getClass().getName());
    }
    assertEquals("dev.gitopsjava.provision.openstack.OpenStackProvider", found.get("openstack"));
    assertEquals("dev.gitopsjava.provision.hetzner.HetznerProvider", found.get("hetzner"));
  }
}
