package dev.gitopsjava.provision.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One instance to create, with names already resolved to IDs.
 *
 * @param name deterministic, unique per group ({@code <group>-<index>}); used to find the instance
 *     again after a lost response
 * @param region region or location, e.g. {@code no-oslo-1}, {@code hel1}
 * @param imageId resolved image ID
 * @param flavorId resolved flavor (server type) ID
 * @param sshKeys names of SSH keys registered with the cloud
 * @param userData raw user data (e.g. a {@code #cloud-config} document); the provider encodes it
 * @param labels labels / metadata to set, including the engine's ownership labels
 */
public record CreateRequest(
    String name,
    String region,
    String imageId,
    String flavorId,
    List<String> sshKeys,
    String userData,
    Map<String, String> labels) {

  /** Checks the components. */
  public CreateRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(flavorId, "flavorId");
    sshKeys = List.copyOf(sshKeys);
    Objects.requireNonNull(userData, "userData");
    labels = Map.copyOf(labels);
  }

  /** Leaves the user data out: it may hold bootstrap tokens. */
  @Override
  public String toString() {
    return "CreateRequest[name=" + name + ", region=" + region + ", imageId=" + imageId
        + ", flavorId=" + flavorId + ", sshKeys=" + sshKeys + ", userData=<" + userData.length()
        + " chars>, labels=" + labels + "]";
  }
}
