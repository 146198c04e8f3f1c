package dev.gitopsjava.core.source;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestReader;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.spi.Renderer;
import dev.gitopsjava.core.spi.SourceTree;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plain manifests: every {@code .yaml}, {@code .yml} and {@code .json} file in a directory, as Argo
 * CD's directory source reads them.
 *
 * <p>Options (names as in an Argo CD {@code spec.source.directory}): {@code recurse} (boolean,
 * default false), {@code include} and {@code exclude} (globs matched against the path relative to
 * the directory, and against the bare file name for patterns without {@code /}; {@code {a,b}}
 * alternatives allowed).
 */
final class DirectoryRenderer implements Renderer {
  static final String TYPE = "directory";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public int priority() {
    return -100; // the fallback: anything more specific that applies wins
  }

  @Override
  public boolean appliesTo(SourceTree tree, String path) {
    return tree.isDirectory(path);
  }

  @Override
  public List<Manifest> render(SourceTree tree, String path, Map<String, Object> options, RenderContext context) {
    boolean recurse = booleanOption(options, "recurse");
    Optional<PathMatcher> include = glob(options, "include");
    Optional<PathMatcher> exclude = glob(options, "exclude");
    String base = RepositoryPath.normalise(path);
    List<Manifest> out = new ArrayList<>();
    for (String file : tree.listFiles(base, recurse)) {
      String lower = file.toLowerCase(Locale.ROOT);
      if (!(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))) {
        continue;
      }
      String relative = base.isEmpty() ? file : file.substring(base.length() + 1);
      if (include.isPresent() && !matches(include.get(), relative)) {
        continue;
      }
      if (exclude.isPresent() && matches(exclude.get(), relative)) {
        continue;
      }
      byte[] bytes = tree.read(file).orElseThrow();
      out.addAll(ManifestReader.read(bytes, file));
    }
    return Collections.unmodifiableList(out);
  }

  private static boolean matches(PathMatcher m, String relative) {
    Path p = Path.of(relative);
    return m.matches(p) || m.matches(p.getFileName());
  }

  static boolean booleanOption(Map<String, Object> options, String name) {
    Object v = options.get(name);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false") || s.isEmpty()) {
      return false;
    }
    throw new RenderException("directory option " + name + " must be true or false, was '" + s + "'");
  }

  private static Optional<PathMatcher> glob(Map<String, Object> options, String name) {
    Object v = options.get(name);
    if (v == null || v.toString().isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FileSystems.getDefault().getPathMatcher("glob:" + v.toString().trim()));
    } catch (IllegalArgumentException e) {
      throw new RenderException("directory option " + name + " is not a valid glob: '" + v + "'", e);
    }
  }
}
