package dev.gitopsjava.provision.examples;

import dev.gitopsjava.provision.spi.ComputeProvider;
import dev.gitopsjava.provision.spi.CreateRequest;
import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.spi.ProviderAction;
import dev.gitopsjava.provision.spi.ProviderInstance;
import dev.gitopsjava.provision.testing.InMemoryComputeProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A provider found by {@link java.util.ServiceLoader} (registered under src/test/resources), so the
 * {@code Provisioner} Javadoc example runs as written: every instance delegates to one shared
 * in-memory cloud the test can inspect.
 */
public final class ExampleCloud implements ComputeProvider {
  static final InMemoryComputeProvider CLOUD = new InMemoryComputeProvider("example", "1.0.0")
      .image("no-oslo-1", "ubuntu-22.04", "img-1")
      .flavor("no-oslo-1", "nvme.8cpu.32gb", "fl-8");

  /** Used by ServiceLoader. */
  public ExampleCloud() {}

  @Override public String name() { return CLOUD.name(); }
  @Override public String version() { return CLOUD.version(); }
  @Override public Set<InstanceAttribute> updatableInPlace() { return CLOUD.updatableInPlace(); }
  @Override public int maxUserDataBytes() { return CLOUD.maxUserDataBytes(); }
  @Override public Duration pollInterval() { return Duration.ofMillis(1); }
  @Override public String resolveImage(String region, String imageName) { return CLOUD.resolveImage(region, imageName); }
  @Override public String resolveFlavor(String region, String flavorName) { return CLOUD.resolveFlavor(region, flavorName); }
  @Override public ProviderAction create(CreateRequest request) { return CLOUD.create(request); }
  @Override public Optional<ProviderInstance> get(String region, String id) { return CLOUD.get(region, id); }
  @Override public List<ProviderInstance> list(String region, Map<String, String> labels) { return CLOUD.list(region, labels); }
  @Override public ProviderAction setLabels(String region, String id, Map<String, String> labels) {
    return CLOUD.setLabels(region, id, labels);
  }
  @Override public ProviderAction delete(String region, String id) { return CLOUD.delete(region, id); }
  @Override public ProviderAction refresh(ProviderAction action) { return CLOUD.refresh(action); }
}
