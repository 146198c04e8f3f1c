package dev.gitopsjava.core.source;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an application's manifests live and how to render them (Argo CD's {@code spec.source}).
 *
 * @param repoUrl the Git repository
 * @param targetRevision {@code HEAD}, a branch, a tag, or a full or short commit SHA
 * @param path the directory within the repository ({@code ""} or {@code .} for the root)
 * @param renderer the renderer type ({@code directory}, {@code kustomize}, a plugin's), or empty to
 *     detect it
 * @param options the renderer's options (Argo CD's {@code directory} or {@code kustomize} block)
 */
public record SourceSpec(String repoUrl, String targetRevision, String path, Optional<String> renderer,
    Map<String, Object> options) {

  /** Checks the components. */
  public SourceSpec {
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(targetRevision, "targetRevision");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(renderer, "renderer");
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** A source rendered with the detected renderer and no options. */
  public static SourceSpec of(String repoUrl, String targetRevision, String path) {
    return new SourceSpec(repoUrl, targetRevision, path, Optional.empty(), Map.of());
  }

  @Override
  public String toString() {
    return GitSource.redact(repoUrl) + "@" + targetRevision + ":" + path;
  }
}
