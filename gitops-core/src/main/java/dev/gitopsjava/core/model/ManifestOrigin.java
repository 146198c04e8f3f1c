package dev.gitopsjava.core.model;

import java.util.Objects;

/**
 * Where a manifest came from: a file (relative to the repository root, or any label a renderer
 * chooses, e.g. {@code kustomize build k8s/overlays/production}) and the zero-based index of the
 * document within it.
 */
public record ManifestOrigin(String file, int documentIndex) {

  /** Checks the components. */
  public ManifestOrigin {
    Objects.requireNonNull(file, "file");
    if (documentIndex < 0) {
      throw new IllegalArgumentException("documentIndex must be >= 0, was " + documentIndex);
    }
  }

  /** For manifests built in code rather than read from a file. */
  public static ManifestOrigin inline() {
    return new ManifestOrigin("<inline>", 0);
  }

  @Override
  public String toString() {
    return file + " (document " + documentIndex + ")";
  }
}
