package dev.gitopsjava.secrets;

import dev.gitopsjava.core.model.Manifest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of {@link SecretSealer}s and {@link SecretOpener}s: the providers found with
 * {@link ServiceLoader}, plus those {@link #register(SecretSealer) registered} explicitly.
 *
 * <p>Per format, an explicitly registered provider wins over discovered ones; among discovered
 * ones the highest {@code priority()} wins, and a tie is logged and decided by class name so the
 * choice is stable. Thread-safe.
 *
 * <pre>{@code
 * SecretSealers sealers = SecretSealers.load();
 * Manifest sealed = sealers.sealer("sealed-secrets").orElseThrow().seal(secret, target);
 * Manifest plain = sealers.openerFor(sealed).orElseThrow().open(sealed, privateKeys);
 * }</pre>
 */
public final class SecretSealers {
  private static final Logger LOG = LoggerFactory.getLogger(SecretSealers.class);

  private final List<SecretSealer> discoveredSealers;
  private final List<SecretOpener> discoveredOpeners;
  private final Map<String, SecretSealer> registeredSealers = new ConcurrentHashMap<>();
  private final Map<String, SecretOpener> registeredOpeners = new ConcurrentHashMap<>();

  private SecretSealers(List<SecretSealer> sealers, List<SecretOpener> openers) {
    this.discoveredSealers = List.copyOf(sealers);
    this.discoveredOpeners = List.copyOf(openers);
  }

  /** The providers visible to this class's class loader. */
  public static SecretSealers load() {
    return load(SecretSealers.class.getClassLoader());
  }

  /** The providers visible to {@code loader}. */
  public static SecretSealers load(ClassLoader loader) {
    Objects.requireNonNull(loader, "loader");
    List<SecretSealer> sealers = new ArrayList<>();
    ServiceLoader.load(SecretSealer.class, loader).forEach(sealers::add);
    List<SecretOpener> openers = new ArrayList<>();
    ServiceLoader.load(SecretOpener.class, loader).forEach(openers::add);
    return new SecretSealers(sealers, openers);
  }

  /** A registry with no providers, for embedders that register their own. */
  public static SecretSealers empty() {
    return new SecretSealers(List.of(), List.of());
  }

  /** Registers {@code sealer}, replacing any provider of its format. Returns this registry. */
  public SecretSealers register(SecretSealer sealer) {
    Objects.requireNonNull(sealer, "sealer");
    registeredSealers.put(sealer.format(), sealer);
    return this;
  }

  /** Registers {@code opener}, replacing any provider of its format. Returns this registry. */
  public SecretSealers register(SecretOpener opener) {
    Objects.requireNonNull(opener, "opener");
    registeredOpeners.put(opener.format(), opener);
    return this;
  }

  /** The sealer for {@code format}. */
  public Optional<SecretSealer> sealer(String format) {
    Objects.requireNonNull(format, "format");
    SecretSealer registered = registeredSealers.get(format);
    if (registered != null) {
      return Optional.of(registered);
    }
    return best(discoveredSealers, format, SecretSealer::format, SecretSealer::priority);
  }

  /** The opener for {@code format}. */
  public Optional<SecretOpener> opener(String format) {
    Objects.requireNonNull(format, "format");
    SecretOpener registered = registeredOpeners.get(format);
    if (registered != null) {
      return Optional.of(registered);
    }
    return best(discoveredOpeners, format, SecretOpener::format, SecretOpener::priority);
  }

  /** The opener of the first format (in name order) whose opener {@linkplain SecretOpener#canOpen can open} {@code manifest}. */
  public Optional<SecretOpener> openerFor(Manifest manifest) {
    Objects.requireNonNull(manifest, "manifest");
    for (String format : openerFormats()) {
      Optional<SecretOpener> opener = opener(format);
      if (opener.isPresent() && opener.get().canOpen(manifest)) {
        return opener;
      }
    }
    return Optional.empty();
  }

  /** The formats that have a sealer, in name order. */
  public Set<String> sealerFormats() {
    Set<String> formats = new TreeSet<>(registeredSealers.keySet());
    discoveredSealers.forEach(s -> formats.add(s.format()));
    return Collections.unmodifiableSet(formats);
  }

  /** The formats that have an opener, in name order. */
  public Set<String> openerFormats() {
    Set<String> formats = new TreeSet<>(registeredOpeners.keySet());
    discoveredOpeners.forEach(o -> formats.add(o.format()));
    return Collections.unmodifiableSet(formats);
  }

  private static <T> Optional<T> best(List<T> providers, String format,
      java.util.function.Function<T, String> formatOf, ToIntFunction<T> priorityOf) {
    List<T> candidates = new ArrayList<>();
    for (T p : providers) {
      if (format.equals(formatOf.apply(p))) {
        candidates.add(p);
      }
    }
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    candidates.sort(Comparator.comparingInt(priorityOf).reversed()
        .thenComparing(p -> p.getClass().getName()));
    if (candidates.size() > 1
        && priorityOf.applyAsInt(candidates.get(0)) == priorityOf.applyAsInt(candidates.get(1))) {
      LOG.warn("format {}: providers {} and {} have the same priority; using the first",
          format, candidates.get(0).getClass().getName(), candidates.get(1).getClass().getName());
    }
    return Optional.of(candidates.get(0));
  }
}
