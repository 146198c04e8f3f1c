package dev.gitopsjava.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the shared conformance data ({@code ../shared/conformance} beside the repository root).
 *
 * <p>A missing folder fails the calling test: conformance must never be skipped silently in CI.
 */
public final class Conformance {
  private Conformance() {}

  /** The folder {@code ../shared/conformance/<name>}; fails with a clear message if it is missing. */
  public static Path dir(String name) {
    Path root = root();
    Path dir = root.resolve(name);
    if (!Files.isDirectory(dir)) {
      throw new AssertionError("conformance folder missing: " + dir.toAbsolutePath()
          + " (expected ../shared/conformance beside the repository root)");
    }
    return dir;
  }

  /** The folder {@code ../shared/conformance}. */
  public static Path root() {
    String configured = System.getProperty("gitops.conformance.dir");
    if (configured != null && Files.isDirectory(Paths.get(configured))) {
      return Paths.get(configured).normalize();
    }
    // Outside Maven (an IDE): walk up from the working directory to the repository root.
    Path p = Paths.get("").toAbsolutePath();
    while (p != null) {
      Path candidate = p.resolveSibling("shared").resolve("conformance");
      if (Files.exists(p.resolve(".git")) && Files.isDirectory(candidate)) {
        return candidate;
      }
      p = p.getParent();
    }
    throw new AssertionError("conformance folder missing: ../shared/conformance not found from "
        + Paths.get("").toAbsolutePath() + " (system property gitops.conformance.dir="
        + configured + ")");
  }

  /** A file under {@code ../shared} (e.g. {@code docs/seed-application.yaml}); fails if missing. */
  public static Path shared(String relative) {
    Path file = root().getParent().resolve(relative);
    if (!Files.exists(file)) {
      throw new AssertionError("shared file missing: " + file);
    }
    return file;
  }
}
