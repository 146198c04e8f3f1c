package dev.gitopsjava.core;

import java.util.Objects;

/**
 * Where an application is deployed (Argo CD's {@code spec.destination}).
 *
 * @param server the API server URL ({@code https://kubernetes.default.svc} for the cluster the
 *     engine runs in), or {@code ""} when {@code name} is used
 * @param name a cluster name, or {@code ""}
 * @param namespace the default namespace for namespaced resources without one
 */
public record Destination(String server, String name, String namespace) {
  /** The cluster the engine runs in. */
  public static final String IN_CLUSTER = "https://kubernetes.default.svc";

  /** Checks the components. */
  public Destination {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** The in-cluster destination with a namespace. */
  public static Destination inCluster(String namespace) {
    return new Destination(IN_CLUSTER, "", namespace);
  }
}
