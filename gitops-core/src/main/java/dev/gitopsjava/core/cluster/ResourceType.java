package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What the cluster knows about one kind at one version: the plural used in URLs and whether its
 * objects live in a namespace.
 *
 * @param group API group, {@code ""} for the core group
 * @param version the version requested, e.g. {@code v1}
 * @param kind the kind, e.g. {@code Deployment}
 * @param plural the URL resource name, e.g. {@code deployments}
 * @param namespaced true for namespaced kinds, false for cluster-scoped kinds
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced) {

  /** Checks the components. */
  public ResourceType {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(plural, "plural");
    if (version.isEmpty() || kind.isEmpty() || plural.isEmpty()) {
      throw new IllegalArgumentException("version, kind and plural must be non-empty: " + group
          + "/" + version + " " + kind + " (" + plural + ")");
    }
  }

  /** The {@code apiVersion} as written in a manifest: {@code v1} or {@code group/version}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The same kind at another version. */
  public ResourceType withVersion(String otherVersion) {
    return new ResourceType(group, otherVersion, kind, plural, namespaced);
  }

  /**
   * The types a CustomResourceDefinition ({@code apiextensions.k8s.io/v1}) defines, one per served
   * version. Lets a sync that carries both a CRD and its custom resources know the resources' scope
   * before the CRD exists in the cluster.
   *
   * @throws IllegalArgumentException if the manifest is not a CRD or lacks group, names or scope
   */
  public static List<ResourceType> definedBy(Manifest crd) {
    if (!"apiextensions.k8s.io".equals(crd.key().group())
        || !"CustomResourceDefinition".equals(crd.key().kind())) {
      throw new IllegalArgumentException(crd.key() + " is not a CustomResourceDefinition");
    }
    JsonNode spec = crd.tree().path("spec");
    String group = spec.path("group").asString("");
    String kind = spec.path("names").path("kind").asString("");
    String plural = spec.path("names").path("plural").asString("");
    String scope = spec.path("scope").asString("");
    if (group.isEmpty() || kind.isEmpty() || scope.isEmpty()) {
      throw new IllegalArgumentException(crd.key() + ": spec.group, spec.names.kind and spec.scope are required");
    }
    if (plural.isEmpty()) {
      plural = kind.toLowerCase(Locale.ROOT) + "s";
    }
    boolean namespaced = "Namespaced".equals(scope);
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (v.path("served").asBoolean(true) && !v.path("name").asString("").isEmpty()) {
        types.add(new ResourceType(group, v.path("name").asString(), kind, plural, namespaced));
      }
    }
    // apiextensions v1beta1 had a single spec.version.
    String single = spec.path("version").asString("");
    if (types.isEmpty() && !single.isEmpty()) {
      types.add(new ResourceType(group, single, kind, plural, namespaced));
    }
    return List.copyOf(types);
  }

  @Override
  public String toString() {
    return apiVersion() + " " + kind + " (" + plural + ", " + (namespaced ? "namespaced" : "cluster-scoped") + ")";
  }
}
