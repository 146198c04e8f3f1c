package dev.gitopsjava.core.cluster;

/**
 * The cluster does not serve this {@code apiVersion}/{@code kind}: it is neither a built-in kind
 * nor defined by a CustomResourceDefinition in the cluster (or its version is not served).
 * Raised before any write, so a sync with such a manifest changes nothing.
 */
public class UnknownKindException extends ClusterException {
  private static final long serialVersionUID = 1L;

  private final String apiVersion;
  private final String kind;

  public UnknownKindException(String apiVersion, String kind, String detail) {
    super("unknown kind " + kind + " in " + apiVersion + ": " + detail, 0, null, null);
    this.apiVersion = apiVersion;
    this.kind = kind;
  }

  /** The apiVersion as written in the manifest. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The kind as written in the manifest. */
  public String kind() {
    return kind;
  }
}
