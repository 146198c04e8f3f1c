package dev.gitopsjava.core.spi;

import dev.gitopsjava.core.model.Manifest;
import java.util.List;
import java.util.Map;

/**
 * Turns a directory of a {@link SourceTree} into manifests: plain YAML, kustomize, or a plugin's own
 * format. Found with {@link java.util.ServiceLoader}; the registry picks, among the renderers that
 * {@linkplain #appliesTo apply}, the one with the highest {@link #priority()}, unless the
 * application names a type.
 */
public interface Renderer {

  /** The type an application names to choose this renderer, e.g. {@code directory}, {@code kustomize}. */
  String type();

  /** Higher wins when several renderers apply. */
  default int priority() {
    return 0;
  }

  /** Whether this renderer recognises {@code path} in {@code tree} (e.g. has a kustomization.yaml). */
  boolean appliesTo(SourceTree tree, String path);

  /**
   * Renders {@code path}.
   *
   * @param options renderer options from the application spec (e.g. {@code recurse},
   *     {@code include}); values are strings or lists of strings, as in the spec
   * @throws dev.gitopsjava.core.GitOpsException naming the file at fault; never returns a partial list
   */
  List<Manifest> render(SourceTree tree, String path, Map<String, Object> options, RenderContext context);
}
