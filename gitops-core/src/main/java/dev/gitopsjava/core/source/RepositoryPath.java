package dev.gitopsjava.core.source;

/**
 * The one spelling of a path inside a repository: {@code /}-separated, no leading {@code ./} or
 * {@code /}, no trailing {@code /}, and {@code ""} for the root. Tree reads, renderers and the
 * render cache all use it, so {@code ./k8s/}, {@code /k8s} and {@code k8s} name the same directory.
 */
final class RepositoryPath {
  private RepositoryPath() {}

  static String normalise(String path) {
    String p = path.trim().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.equals(".") ? "" : p;
  }
}
