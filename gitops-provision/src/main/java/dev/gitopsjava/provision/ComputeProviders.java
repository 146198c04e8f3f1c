package dev.gitopsjava.provision;

import dev.gitopsjava.provision.spi.ComputeProvider;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of {@link ComputeProvider}s by name: those on the class path ({@link
 * ServiceLoader}) plus any {@link #register registered} by an embedder or a test, which win.
 */
public final class ComputeProviders {

  private static final Logger LOG = LoggerFactory.getLogger(ComputeProviders.class);

  private final Map<String, ComputeProvider> byName = new TreeMap<>();

  private ComputeProviders() {}

  /** An empty registry. */
  public static ComputeProviders empty() {
    return new ComputeProviders();
  }

  /** The providers on the class path of {@code loader}. */
  public static ComputeProviders fromServiceLoader(ClassLoader loader) {
    ComputeProviders r = new ComputeProviders();
    for (ComputeProvider p : ServiceLoader.load(ComputeProvider.class, loader)) {
      ComputeProvider earlier = r.byName.putIfAbsent(p.name(), p);
      if (earlier != null) {
        LOG.warn("two compute providers named {}: keeping {}, ignoring {}", p.name(),
            earlier.getClass().getName(), p.getClass().getName());
      }
    }
    return r;
  }

  /** The providers on this library's class path. */
  public static ComputeProviders fromServiceLoader() {
    return fromServiceLoader(ComputeProviders.class.getClassLoader());
  }

  /** Adds or overrides the provider with {@code provider.name()}. */
  public synchronized ComputeProviders register(ComputeProvider provider) {
    byName.put(Objects.requireNonNull(provider, "provider").name(), provider);
    return this;
  }

  /**
   * The provider called {@code name}.
   *
   * @throws ProviderNotFoundException if there is none
   */
  public synchronized ComputeProvider get(String name) {
    ComputeProvider p = byName.get(name);
    if (p == null) {
      throw new ProviderNotFoundException(name, byName.keySet());
    }
    return p;
  }
}
