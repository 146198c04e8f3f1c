package dev.gitopsjava.provision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A group of identical instances, the spec gitops-provision plans and applies: Terraform's {@code
 * resource} with {@code count}, for servers.
 *
 * <pre>{@code
 * InstanceGroup workers = InstanceGroup.builder("workers")
 *     .provider("openstack", "~> 1.0")
 *     .count(3)
 *     .region("no-oslo-1").image("ubuntu-22.04").flavor("nvme.8cpu.32gb")
 *     .sshKeys(List.of("ops"))
 *     .userData(cloudConfig)
 *     .labels(Map.of("role", "worker"))
 *     .build();
 * }</pre>
 *
 * <p>Instance {@code i} of group {@code g} fills slot {@code g-i} and is named {@code g-i} at the
 * cloud ({@code g-i-gN} after its N-th replacement), so names are deterministic and a lost create
 * response never leads to a duplicate.
 *
 * @param name group name: lower-case letters, digits and dashes, at most 40 characters
 * @param provider provider name, version constraint and options
 * @param count number of instances, 0 to 1000
 * @param region region or location
 * @param image image name (resolved to an ID through the provider, pinned in the lock file)
 * @param flavor flavor or server type name (resolved and pinned likewise)
 * @param sshKeys names of SSH keys registered at the cloud
 * @param userData user data, e.g. a {@code #cloud-config} document; empty for none
 * @param labels labels for every instance; keys under {@code gitops-java.dev/} are reserved
 * @param lifecycle prevent_destroy and create_before_destroy
 */
public record InstanceGroup(
    String name,
    ProviderRequirement provider,
    int count,
    String region,
    String image,
    String flavor,
    List<String> sshKeys,
    String userData,
    Map<String, String> labels,
    Lifecycle lifecycle) {

  /** Label keys the engine sets itself: the ownership marks. */
  public static final String LABEL_PREFIX = "gitops-java.dev/";

  static final int MAX_COUNT = 1000;
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

  /** Checks the components. */
  public InstanceGroup {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name must be lower-case letters, digits and dashes, "
          + "at most 40 characters, starting and ending with a letter or digit: \"" + name + "\"");
    }
    Objects.requireNonNull(provider, "provider");
    if (count < 0 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be between 0 and " + MAX_COUNT + ": " + count);
    }
    requireText(region, "region");
    requireText(image, "image");
    requireText(flavor, "flavor");
    sshKeys = List.copyOf(sshKeys);
    for (String k : sshKeys) {
      requireText(k, "sshKeys entry");
    }
    Objects.requireNonNull(userData, "userData");
    labels = Map.copyOf(labels);
    for (String key : labels.keySet()) {
      if (key.startsWith(LABEL_PREFIX)) {
        throw new IllegalArgumentException("label " + key + " uses the reserved prefix "
            + LABEL_PREFIX);
      }
    }
    Objects.requireNonNull(lifecycle, "lifecycle");
  }

  private static void requireText(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }

  /** The slot keys {@code name-0 .. name-(count-1)}. */
  public List<String> keys() {
    List<String> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(name + "-" + i);
    }
    return keys;
  }

  /** Starts a builder for a group called {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Reads a spec from a YAML file. Relative {@code userDataFile} paths are resolved against the
   * spec's directory.
   *
   * @throws SpecException naming the file and the field at fault
   */
  public static InstanceGroup fromYaml(Path file) {
    return SpecReader.read(file);
  }

  /** Reads a spec from YAML text; {@code source} names it in messages. */
  public static InstanceGroup fromYaml(String yaml, String source) {
    return SpecReader.read(yaml, source, null);
  }

  /** This group with another count. */
  public InstanceGroup withCount(int newCount) {
    return new InstanceGroup(name, provider, newCount, region, image, flavor, sshKeys, userData,
        labels, lifecycle);
  }

  /** This group with another flavor. */
  public InstanceGroup withFlavor(String newFlavor) {
    return new InstanceGroup(name, provider, count, region, image, newFlavor, sshKeys, userData,
        labels, lifecycle);
  }

  /** This group with other labels. */
  public InstanceGroup withLabels(Map<String, String> newLabels) {
    return new InstanceGroup(name, provider, count, region, image, flavor, sshKeys, userData,
        newLabels, lifecycle);
  }

  /** This group with another lifecycle. */
  public InstanceGroup withLifecycle(Lifecycle newLifecycle) {
    return new InstanceGroup(name, provider, count, region, image, flavor, sshKeys, userData,
        labels, newLifecycle);
  }

  /** Leaves the user data out: it may hold bootstrap tokens. */
  @Override
  public String toString() {
    return "InstanceGroup[name=" + name + ", provider=" + provider.name() + " "
        + provider.version() + ", count=" + count + ", region=" + region + ", image=" + image
        + ", flavor=" + flavor + ", sshKeys=" + sshKeys + ", userData=<" + userData.length()
        + " chars>, labels=" + labels + ", lifecycle=" + lifecycle + "]";
  }

  /** Set-once builder; {@link #build()} validates. */
  public static final class Builder {
    private final String name;
    private final Set<String> set = new TreeSet<>();
    private @Nullable ProviderRequirement provider;
    private int count = 1;
    private @Nullable String region;
    private @Nullable String image;
    private @Nullable String flavor;
    private List<String> sshKeys = List.of();
    private String userData = "";
    private Map<String, String> labels = Map.of();
    private Lifecycle lifecycle = Lifecycle.defaults();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    private void once(String field) {
      if (!set.add(field)) {
        throw new IllegalStateException(field + " was already set");
      }
    }

    /** Provider name and version constraint, no options. */
    public Builder provider(String providerName, String versionConstraint) {
      return provider(new ProviderRequirement(providerName, versionConstraint, Map.of()));
    }

    /** Sets {@code provider}. */
    public Builder provider(ProviderRequirement requirement) {
      once("provider");
      this.provider = Objects.requireNonNull(requirement, "provider");
      return this;
    }

    /** Sets {@code count}. */
    public Builder count(int instances) {
      once("count");
      this.count = instances;
      return this;
    }

    /** Sets {@code region}. */
    public Builder region(String value) {
      once("region");
      this.region = value;
      return this;
    }

    /** Sets {@code image}. */
    public Builder image(String value) {
      once("image");
      this.image = value;
      return this;
    }

    /** Sets {@code flavor}. */
    public Builder flavor(String value) {
      once("flavor");
      this.flavor = value;
      return this;
    }

    /** Sets {@code sshKeys}. */
    public Builder sshKeys(List<String> keyNames) {
      once("sshKeys");
      this.sshKeys = List.copyOf(keyNames);
      return this;
    }

    /** Sets {@code userData}. */
    public Builder userData(String value) {
      once("userData");
      this.userData = Objects.requireNonNull(value, "userData");
      return this;
    }

    /** Sets {@code labels}. */
    public Builder labels(Map<String, String> value) {
      once("labels");
      this.labels = new LinkedHashMap<>(value);
      return this;
    }

    /** Sets {@code lifecycle}. */
    public Builder lifecycle(Lifecycle value) {
      once("lifecycle");
      this.lifecycle = Objects.requireNonNull(value, "lifecycle");
      return this;
    }

    /**
     * @throws IllegalStateException if provider, region, image or flavor is missing
     * @throws IllegalArgumentException if a value is invalid, naming it
     */
    public InstanceGroup build() {
      if (provider == null) {
        throw new IllegalStateException("provider is required");
      }
      if (region == null || image == null || flavor == null) {
        throw new IllegalStateException("region, image and flavor are required");
      }
      return new InstanceGroup(name, provider, count, region, image, flavor, sshKeys, userData,
          labels, lifecycle);
    }
  }
}
