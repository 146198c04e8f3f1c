package dev.gitopsjava.core.spi;

import dev.gitopsjava.core.health.HealthStatus;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;

/**
 * Assesses the health of live objects of some group and kind, e.g. a custom resource the built-in
 * checks do not know. Found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.gitopsjava.core.spi.HealthCheck}) or registered with
 * {@link dev.gitopsjava.core.health.HealthAssessor.Builder#register(HealthCheck)}.
 *
 * <p>Custom checks take precedence over the built-in ones, as Argo CD's Lua overrides do; among
 * custom checks that apply to a resource, the highest {@link #priority()} wins. A check that throws
 * makes the resource {@code Unknown} with the exception's message, so messages must not contain
 * secret values.
 *
 * <pre>{@code
 * HealthCheck widgets = new HealthCheck() {
 *   public boolean appliesTo(ResourceKey key) { return key.groupKind().equals("example.com/Widget"); }
 *   public HealthStatus assess(Manifest live) {
 *     return live.tree().path("status").path("ready").asBoolean(false)
 *         ? HealthStatus.healthy() : HealthStatus.progressing("waiting for the widget");
 *   }
 * };
 * }</pre>
 */
public interface HealthCheck {

  /**
   * True when this check assesses objects with this key's group and kind. The version is there for
   * checks that know only some versions; the namespace and name are usually ignored.
   */
  boolean appliesTo(ResourceKey key);

  /** Higher wins when several custom checks apply to a resource. */
  default int priority() {
    return 0;
  }

  /** The health of a live object this check {@link #appliesTo applies to}. */
  HealthStatus assess(Manifest live);
}
