package dev.gitopsjava.core.spi;

import java.util.Objects;

/**
 * What a renderer or manifest filter knows about the render in progress.
 *
 * @param application the application's name ({@code ""} when rendering outside an application)
 * @param repoUrl the repository URL, credentials removed
 * @param commit the full commit SHA being rendered
 * @param path the path within the repository
 */
public record RenderContext(String application, String repoUrl, String commit, String path) {
  /** Checks the components. */
  public RenderContext {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(path, "path");
  }
}
