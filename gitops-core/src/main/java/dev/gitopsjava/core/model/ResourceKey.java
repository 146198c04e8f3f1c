package dev.gitopsjava.core.model;

import java.util.Comparator;
import java.util.Objects;

/**
 * The identity of a Kubernetes resource.
 *
 * <p>Identity follows Kubernetes: group, kind, namespace and name identify an object; the version is
 * only the representation it was read or written in, so {@code apps/v1 Deployment} and
 * {@code apps/v1beta2 Deployment} of the same name are the same object. The core group is the empty
 * string. A cluster-scoped resource has an empty namespace.
 *
 * @param group API group, {@code ""} for the core group
 * @param version API version within the group, e.g. {@code v1}
 * @param kind the kind, e.g. {@code Deployment}
 * @param namespace the namespace, {@code ""} for cluster-scoped resources
 * @param name the object name
 */
public record ResourceKey(String group, String version, String kind, String namespace, String name)
    implements Comparable<ResourceKey> {

  private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::group)
      .thenComparing(ResourceKey::kind)
      .thenComparing(ResourceKey::namespace)
      .thenComparing(ResourceKey::name);

  /** Checks the components. */
  public ResourceKey {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  /**
   * Builds a key from an {@code apiVersion} string as written in a manifest ({@code v1},
   * {@code apps/v1}).
   */
  public static ResourceKey of(String apiVersion, String kind, String namespace, String name) {
    Objects.requireNonNull(apiVersion, "apiVersion");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    return new ResourceKey(group, version, kind, namespace, name);
  }

  /** The {@code apiVersion} as written in a manifest: {@code v1} or {@code group/version}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** True for a cluster-scoped key (empty namespace). */
  public boolean clusterScoped() {
    return namespace.isEmpty();
  }

  /** The same key in another namespace. */
  public ResourceKey withNamespace(String newNamespace) {
    return new ResourceKey(group, version, kind, newNamespace, name);
  }

  /** Group and kind, e.g. {@code apps/Deployment} or {@code /ConfigMap} for the core group. */
  public String groupKind() {
    return group + "/" + kind;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResourceKey k
        && group.equals(k.group)
        && kind.equals(k.kind)
        && namespace.equals(k.namespace)
        && name.equals(k.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, kind, namespace, name);
  }

  @Override
  public int compareTo(ResourceKey o) {
    return ORDER.compare(this, o);
  }

  /** Reads like kubectl's resource names: {@code apps/Deployment payments/payment-api}. */
  @Override
  public String toString() {
    String scope = namespace.isEmpty() ? name : namespace + "/" + name;
    return (group.isEmpty() ? kind : group + "/" + kind) + " " + scope;
  }
}
