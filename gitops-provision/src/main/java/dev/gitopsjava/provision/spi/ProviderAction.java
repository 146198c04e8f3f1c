package dev.gitopsjava.provision.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * An asynchronous operation at the cloud (a Hetzner action, an OpenStack server moving from BUILD to
 * ACTIVE), polled with {@link ComputeProvider#refresh} until it is no longer {@link
 * Status#RUNNING}.
 *
 * @param id the cloud's action ID, or any token the provider needs to poll it (OpenStack: the
 *     server ID)
 * @param kind what the action does
 * @param region the region the action runs in
 * @param instanceId the instance the action is about (for create: the new instance's ID, known as
 *     soon as the request was accepted)
 * @param status running, succeeded or failed
 * @param error the cloud's error message when failed
 */
public record ProviderAction(
    String id, Kind kind, String region, String instanceId, Status status, Optional<String> error) {

  /** What an action does. */
  public enum Kind {
    /** Creating an instance. */
    CREATE,
    /** Deleting an instance. */
    DELETE,
    /** Changing an instance in place. */
    UPDATE
  }

  /** Where an action is. */
  public enum Status {
    /** Still in progress at the cloud. */
    RUNNING,
    /** Finished successfully. */
    SUCCEEDED,
    /** Finished with an error. */
    FAILED
  }

  /** Checks the components. */
  public ProviderAction {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
  }

  /** An action that is still running. */
  public static ProviderAction running(String id, Kind kind, String region, String instanceId) {
    return new ProviderAction(id, kind, region, instanceId, Status.RUNNING, Optional.empty());
  }

  /** An action that finished successfully (or work that was synchronous in the first place). */
  public static ProviderAction succeeded(String id, Kind kind, String region, String instanceId) {
    return new ProviderAction(id, kind, region, instanceId, Status.SUCCEEDED, Optional.empty());
  }

  /** An action that failed with the cloud's {@code message}. */
  public static ProviderAction failed(
      String id, Kind kind, String region, String instanceId, String message) {
    return new ProviderAction(id, kind, region, instanceId, Status.FAILED, Optional.of(message));
  }

  /** True once the action succeeded or failed. */
  public boolean done() {
    return status != Status.RUNNING;
  }
}
