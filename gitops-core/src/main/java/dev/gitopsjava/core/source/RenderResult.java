package dev.gitopsjava.core.source;

import dev.gitopsjava.core.model.DesiredState;
import java.util.Objects;

/**
 * The desired state of an application rendered at a pinned revision.
 *
 * @param revision the revision, naming the exact commit
 * @param rendererType the renderer that produced the manifests
 * @param desired the manifests, unique by key
 */
public record RenderResult(Revision revision, String rendererType, DesiredState desired) {
  /** Checks the components. */
  public RenderResult {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(rendererType, "rendererType");
    Objects.requireNonNull(desired, "desired");
  }
}
