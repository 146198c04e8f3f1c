package dev.gitopsjava.core.spi;

import dev.gitopsjava.core.model.Manifest;
import java.util.List;

/**
 * A step between rendering and the desired state, e.g. decrypting SOPS-encrypted Secrets as Flux's
 * kustomize-controller does. Filters run in descending {@link #priority()} order.
 *
 * <p>A filter that cannot process a manifest throws a {@link dev.gitopsjava.core.GitOpsException}
 * naming the manifest; the sync then stops before any write. A filter must not put secret values in
 * its messages.
 */
public interface ManifestFilter {

  /** A short name for logs and errors, e.g. {@code sops}. */
  String name();

  /** Higher runs first. */
  default int priority() {
    return 0;
  }

  /** Returns the manifests to keep, changed as needed, in order. */
  List<Manifest> filter(List<Manifest> manifests, RenderContext context);
}
