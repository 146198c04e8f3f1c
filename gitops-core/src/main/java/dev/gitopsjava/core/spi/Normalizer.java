package dev.gitopsjava.core.spi;

import dev.gitopsjava.core.model.ResourceKey;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes two documents that mean the same compare equal, for fields the built-in normalisation
 * does not know: e.g. a controller that rewrites a field into an equivalent form. Runs on the
 * desired, live and last-applied documents of a resource before the three-way diff, after the
 * built-in normalisation and the ignore rules, in descending {@link #priority()} order.
 *
 * <p>Found with {@link java.util.ServiceLoader} (a public no-argument constructor and a
 * {@code META-INF/services/dev.gitopsjava.core.spi.Normalizer} entry) or given explicitly to
 * {@code Differ.builder().normalizer(..)}. A normaliser changes only what the diff compares,
 * never what the engine writes. It must be a pure function of its input and must not put field
 * values in exception messages (they may be Secret data).
 */
public interface Normalizer {

  /** A short name for logs and errors, e.g. {@code hpa-metrics-order}. */
  String name();

  /** Higher runs first. */
  default int priority() {
    return 0;
  }

  /** True when this normaliser has something to do for resources with this key. */
  boolean appliesTo(ResourceKey key);

  /** Changes {@code document} in place; it is a private copy owned by the diff. */
  void normalize(ResourceKey key, ObjectNode document);
}
