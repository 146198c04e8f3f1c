package dev.gitopsjava.secrets.sealed;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where a sealed secret may be unsealed; the scope decides the RSA-OAEP label, so a SealedSecret
 * renamed or moved out of its scope no longer decrypts.
 */
public enum SealingScope {
  /** Bound to namespace and name (the default): label {@code namespace/name}. */
  STRICT("strict"),
  /** Bound to the namespace, any name: label {@code namespace}. */
  NAMESPACE_WIDE("namespace-wide"),
  /** Any namespace and name: the empty label. */
  CLUSTER_WIDE("cluster-wide");

  /** The annotation that selects {@link #NAMESPACE_WIDE} when it is exactly {@code "true"}. */
  public static final String NAMESPACE_WIDE_ANNOTATION = "sealedsecrets.bitnami.com/namespace-wide";
  /** The annotation that selects {@link #CLUSTER_WIDE} when it is exactly {@code "true"}; wins over namespace-wide. */
  public static final String CLUSTER_WIDE_ANNOTATION = "sealedsecrets.bitnami.com/cluster-wide";

  private final String cliName;

  SealingScope(String cliName) {
    this.cliName = cliName;
  }

  /** The name kubeseal's {@code --scope} uses: {@code strict}, {@code namespace-wide}, {@code cluster-wide}. */
  public String cliName() {
    return cliName;
  }

  /**
   * Parses a {@code --scope} value; the empty string means the default, {@link #STRICT}.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static SealingScope parse(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      return STRICT;
    }
    for (SealingScope s : values()) {
      if (s.cliName.equals(value)) {
        return s;
      }
    }
    throw new IllegalArgumentException("invalid scope '" + value.toLowerCase(Locale.ROOT)
        + "': must be one of strict, namespace-wide, cluster-wide");
  }

  /** The scope that {@code annotations} select, as the controller reads them (cluster-wide first). */
  public static SealingScope fromAnnotations(Map<String, String> annotations) {
    if ("true".equals(annotations.get(CLUSTER_WIDE_ANNOTATION))) {
      return CLUSTER_WIDE;
    }
    if ("true".equals(annotations.get(NAMESPACE_WIDE_ANNOTATION))) {
      return NAMESPACE_WIDE;
    }
    return STRICT;
  }

  /** The RSA-OAEP label for a secret {@code name} in {@code namespace}. */
  public byte[] label(String namespace, String name) {
    String label = switch (this) {
      case STRICT -> namespace + "/" + name;
      case NAMESPACE_WIDE -> namespace;
      case CLUSTER_WIDE -> "";
    };
    return label.getBytes(StandardCharsets.UTF_8);
  }
}
