package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.List;
import java.util.Objects;

/**
 * One {@code ignoreDifferences} entry of an Argo CD Application spec: which resources it covers
 * and which of their fields the diff ignores.
 *
 * <p>Fields ignored are removed from desired, live and last-applied before comparing; they are
 * still written by a sync as desired has them. Paths that do not exist are skipped silently.
 *
 * @param group API group; {@code ""} for the core group; a glob ({@code *}, {@code ?}) as in Argo CD
 * @param kind kind; a glob
 * @param name exact object name, {@code ""} for any
 * @param namespace exact namespace, {@code ""} for any
 * @param jsonPointers RFC 6901 pointers, e.g. {@code /spec/replicas}
 * @param jqPathExpressions jq path expressions (the subset {@link Differ} documents), e.g.
 *     {@code .spec.template.spec.containers[] | select(.name == "app") | .image}
 * @param managedFieldsManagers field managers whose fields are ignored where their value differs
 *     from desired, e.g. {@code kube-controller-manager}
 */
public record IgnoreRule(String group, String kind, String name, String namespace,
    List<String> jsonPointers, List<String> jqPathExpressions, List<String> managedFieldsManagers) {

  /** Checks the components. */
  public IgnoreRule {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    jsonPointers = List.copyOf(jsonPointers);
    jqPathExpressions = List.copyOf(jqPathExpressions);
    managedFieldsManagers = List.copyOf(managedFieldsManagers);
  }

  /** A rule for every resource of a group and kind (globs allowed), ignoring the given JSON pointers. */
  public static IgnoreRule jsonPointers(String group, String kind, String... pointers) {
    return new IgnoreRule(group, kind, "", "", List.of(pointers), List.of(), List.of());
  }

  /** A rule for every resource of a group and kind (globs allowed), ignoring the given jq paths. */
  public static IgnoreRule jqPaths(String group, String kind, String... expressions) {
    return new IgnoreRule(group, kind, "", "", List.of(), List.of(expressions), List.of());
  }

  /** A rule for every resource of a group and kind (globs allowed), trusting the given field managers. */
  public static IgnoreRule managedFieldsManagers(String group, String kind, String... managers) {
    return new IgnoreRule(group, kind, "", "", List.of(), List.of(), List.of(managers));
  }

  /** The same rule restricted to one object. */
  public IgnoreRule forObject(String objectNamespace, String objectName) {
    return new IgnoreRule(group, kind, objectName, objectNamespace, jsonPointers, jqPathExpressions,
        managedFieldsManagers);
  }

  /** True when the rule covers the resource with this key. */
  public boolean matches(ResourceKey key) {
    return Glob.matches(group, key.group()) && Glob.matches(kind, key.kind())
        && (name.isEmpty() || name.equals(key.name()))
        && (namespace.isEmpty() || namespace.equals(key.namespace()));
  }
}
