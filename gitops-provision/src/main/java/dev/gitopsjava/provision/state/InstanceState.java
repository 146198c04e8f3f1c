package dev.gitopsjava.provision.state;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance as recorded in state.
 *
 * <p>A record is written <em>before</em> the create request goes out ({@link Status#PENDING}, no
 * ID yet, deterministic name and ownership labels), again as soon as the cloud answered with an ID,
 * and once more when the instance is ready. A process killed at any point therefore leaves a record
 * the next run can match against the cloud by name and labels instead of creating a duplicate.
 *
 * @param key the slot this instance fills, e.g. {@code workers-0}; stays the same across replaces
 * @param name the cloud-side name, unique; {@code key} for generation 1, {@code key-gN} after
 * @param generation 1 for the first instance in a slot, +1 on every replace
 * @param id the cloud's ID, empty until the create request was answered
 * @param status where the instance is in its lifecycle
 * @param region region or location
 * @param image image name from the spec
 * @param imageId resolved image ID
 * @param flavor flavor name from the spec
 * @param flavorId resolved flavor ID
 * @param sshKeys SSH key names
 * @param userDataSha256 hex SHA-256 of the user data (the data itself may hold tokens)
 * @param labels the labels set on the instance, ownership labels included
 * @param createBeforeDestroy whether a replace creates the new instance first
 */
public record InstanceState(
    String key,
    String name,
    int generation,
    Optional<String> id,
    Status status,
    String region,
    String image,
    String imageId,
    String flavor,
    String flavorId,
    List<String> sshKeys,
    String userDataSha256,
    Map<String, String> labels,
    boolean createBeforeDestroy) {

  /** Lifecycle of a recorded instance. */
  public enum Status {
    /** Create was decided and may have been sent; the instance may or may not exist yet. */
    PENDING,
    /** Created and reported active. */
    READY,
    /** Create failed or the instance broke; the next apply replaces it. */
    TAINTED,
    /** Replaced by a newer generation, waiting to be deleted (create_before_destroy). */
    DEPOSED
  }

  /** Checks the components. */
  public InstanceState {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be at least 1: " + generation);
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(imageId, "imageId");
    Objects.requireNonNull(flavor, "flavor");
    Objects.requireNonNull(flavorId, "flavorId");
    sshKeys = List.copyOf(sshKeys);
    Objects.requireNonNull(userDataSha256, "userDataSha256");
    labels = Map.copyOf(labels);
  }

  /** This record with another status. */
  public InstanceState withStatus(Status newStatus) {
    return new InstanceState(key, name, generation, id, newStatus, region, image, imageId, flavor,
        flavorId, sshKeys, userDataSha256, labels, createBeforeDestroy);
  }

  /** This record with the cloud's ID. */
  public InstanceState withId(String newId) {
    return new InstanceState(key, name, generation, Optional.of(newId), status, region, image,
        imageId, flavor, flavorId, sshKeys, userDataSha256, labels, createBeforeDestroy);
  }

  /** This record with what the cloud reports for flavor, image, region and labels. */
  public InstanceState withObserved(
      String newRegion, String newImageId, String newFlavorId, Map<String, String> newLabels) {
    return new InstanceState(key, name, generation, id, status, newRegion, image, newImageId, flavor,
        newFlavorId, sshKeys, userDataSha256, newLabels, createBeforeDestroy);
  }

  /** This record with other labels. */
  public InstanceState withLabels(Map<String, String> newLabels) {
    return new InstanceState(key, name, generation, id, status, region, image, imageId, flavor,
        flavorId, sshKeys, userDataSha256, newLabels, createBeforeDestroy);
  }
}
