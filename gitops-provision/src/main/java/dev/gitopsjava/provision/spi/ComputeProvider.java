package dev.gitopsjava.provision.spi;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One cloud's compute API as the provisioning engine sees it: create, read, list, relabel and delete
 * servers, resolve image and flavor names to IDs, and poll asynchronous actions.
 *
 * <p>Implementations are found with {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/dev.gitopsjava.provision.spi.ComputeProvider}) and chosen by {@link #name()},
 * which a spec names together with a version constraint checked against {@link #version()}. The
 * loaded instance is unconfigured; the engine calls {@link #configure(ProviderSettings)} once and
 * uses the instance that returns.
 *
 * <p>Rules every implementation follows, because the engine relies on them:
 *
 * <ul>
 *   <li>No retries inside: one method call makes at most one logical request and reports failures
 *       as {@link ProviderException} subtypes ({@link TransientProviderException} when a retry can
 *       help, {@link RateLimitedException} with the server's wait, {@link
 *       PermanentProviderException} otherwise). The engine owns backoff, jitter and rate limits.
 *   <li>Names are unique keys: the engine gives each instance a deterministic name and ownership
 *       labels, and after a lost response it calls {@link #list} before creating again, so {@link
 *       #list} must see an instance as soon as {@link #create} was accepted by the cloud.
 *   <li>{@link #delete} of an instance that no longer exists succeeds (returns a finished action).
 *   <li>Secrets (tokens, passwords) never appear in exception messages or {@code toString}.
 * </ul>
 */
public interface ComputeProvider {

  /** The name a spec uses to pick this provider, e.g. {@code "openstack"}, {@code "hetzner"}. */
  String name();

  /** This implementation's version, semantic-versioning style {@code MAJOR.MINOR.PATCH}. */
  String version();

  /**
   * Returns a provider bound to the spec's provider options and the process environment
   * (credentials). The default returns {@code this}, for providers with nothing to configure.
   *
   * @throws PermanentProviderException when a required option or credential is missing; the
   *     message names the option or environment variable, never its value
   */
  default ComputeProvider configure(ProviderSettings settings) {
    return this;
  }

  /** Attributes this provider can change on an existing instance; the others force a replace. */
  default Set<InstanceAttribute> updatableInPlace() {
    return Set.of(InstanceAttribute.LABELS);
  }

  /** The largest user data (raw bytes, before any base64 encoding) this cloud accepts. */
  default int maxUserDataBytes() {
    return 32 * 1024;
  }

  /** How long the engine waits between two {@link #refresh} calls of a running action. */
  default Duration pollInterval() {
    return Duration.ofMillis(500);
  }

  /** The ID of the image called {@code imageName} in {@code region}. */
  String resolveImage(String region, String imageName);

  /** The ID of the flavor (server type) called {@code flavorName} in {@code region}. */
  String resolveFlavor(String region, String flavorName);

  /**
   * Asks the cloud to create an instance and returns as soon as the request was accepted. The
   * returned action carries the new instance's ID (so the engine can record it before waiting) and
   * is finished or still running.
   */
  ProviderAction create(CreateRequest request);

  /** The instance with this ID, or empty when it does not exist (any more). */
  Optional<ProviderInstance> get(String region, String instanceId);

  /**
   * Every instance in {@code region} that carries all of {@code labels} (equality match); an empty
   * map lists every instance the credentials can see.
   */
  List<ProviderInstance> list(String region, Map<String, String> labels);

  /** Replaces the instance's labels (metadata) with {@code labels}. */
  ProviderAction setLabels(String region, String instanceId, Map<String, String> labels);

  /** Starts deleting the instance; an instance that does not exist gives a finished action. */
  ProviderAction delete(String region, String instanceId);

  /** The current state of an action returned earlier by this provider. */
  ProviderAction refresh(ProviderAction action);
}
