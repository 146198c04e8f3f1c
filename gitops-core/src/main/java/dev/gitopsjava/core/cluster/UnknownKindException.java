package dev.gitopsjava.core.cluster;

/**
 * The cluster does not serve this {@code apiVersion}/{@code kind}: it is neither a built-in kind
 * nor defined by a CustomResourceDefinition in the cluster (or its version is not served).
 * Raised before any write, so a sync with such a manifest changes nothing.
 */
public class UnknownKindException extends ClusterException {
  private static final long serialVersionUID = 1L;

  /** {@code apiVersion}, kept in the serialized form. */
  private final String apiVersion;
  /** {@code kind}, kept in the serialized form. */
  private final String kind;

  /** An exception with a message naming what is at fault. */
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
