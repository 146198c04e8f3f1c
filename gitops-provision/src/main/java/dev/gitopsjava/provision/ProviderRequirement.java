package dev.gitopsjava.provision;

import java.util.Map;
import java.util.Objects;

/**
 * Which provider a spec needs: its {@code name}, a version constraint in Terraform's syntax
 * ({@code "~> 1.2"}, {@code ">= 1.0, < 2.0"}, {@code "= 1.4.1"}), and non-secret options such as
 * endpoints (credentials come from the environment).
 */
public record ProviderRequirement(String name, String version, Map<String, String> options) {

  /** Checks the components. */
  public ProviderRequirement {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("provider name must not be blank");
    }
    Objects.requireNonNull(version, "version");
    VersionConstraint.parse(version);
    options = Map.copyOf(options);
  }

  /** True when {@code providerVersion} satisfies the constraint. */
  public boolean allows(String providerVersion) {
    return VersionConstraint.parse(version).allows(providerVersion);
  }
}
