package dev.gitopsjava.provision.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An instance as the cloud reports it. User data and SSH keys are not here because clouds do not
 * report them back; the engine tracks those through the state file.
 *
 * @param id the cloud's ID
 * @param name the instance name
 * @param region region or location
 * @param imageId image ID the instance was built from
 * @param flavorId flavor (server type) ID
 * @param status lifecycle status mapped to the engine's vocabulary
 * @param labels labels / metadata, including the engine's ownership labels
 * @param addresses IP addresses, public first when the cloud says which is which
 */
public record ProviderInstance(
    String id,
    String name,
    String region,
    String imageId,
    String flavorId,
    Status status,
    Map<String, String> labels,
    List<String> addresses) {

  /** Instance lifecycle, coarse enough for every cloud. */
  public enum Status {
    /** Being built (OpenStack BUILD, Hetzner initializing/starting). */
    BUILDING,
    /** Built and running. */
    ACTIVE,
    /** Built and powered off. */
    STOPPED,
    /** Failed to build or broken; the engine replaces it. */
    ERROR,
    /** Being deleted. */
    DELETING,
    /** Anything else the cloud reports. */
    UNKNOWN
  }

  /** Checks the components. */
  public ProviderInstance {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(flavorId, "flavorId");
    Objects.requireNonNull(status, "status");
    labels = Map.copyOf(labels);
    addresses = List.copyOf(addresses);
  }
}
