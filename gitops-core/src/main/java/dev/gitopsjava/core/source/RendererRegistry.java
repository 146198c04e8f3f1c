package dev.gitopsjava.core.source;

import dev.gitopsjava.core.spi.Renderer;
import dev.gitopsjava.core.spi.SourceTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderers the engine can use: the built-in directory and kustomize renderers, those found by
 * {@link ServiceLoader}, and those {@linkplain #register registered} by an embedder. When an
 * application names no type, the applicable renderer with the highest priority wins; a tie is
 * logged and the one registered first wins.
 */
public final class RendererRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(RendererRegistry.class);
  private final List<Renderer> renderers = new CopyOnWriteArrayList<>();

  private RendererRegistry() {}

  /** Built-in renderers plus those on the class path ({@code META-INF/services/…Renderer}). */
  public static RendererRegistry standard() {
    RendererRegistry r = builtIn();
    for (Renderer renderer : ServiceLoader.load(Renderer.class)) {
      r.register(renderer);
    }
    return r;
  }

  /** Only the built-in directory and kustomize renderers. */
  public static RendererRegistry builtIn() {
    RendererRegistry r = new RendererRegistry();
    r.register(new KustomizeRenderer());
    r.register(new DirectoryRenderer());
    return r;
  }

  /** Adds a renderer; a renderer of the same type registered later replaces the earlier one. */
  public RendererRegistry register(Renderer renderer) {
    Objects.requireNonNull(renderer, "renderer");
    renderers.removeIf(r -> r.type().equals(renderer.type()));
    renderers.add(renderer);
    return this;
  }

  /** The renderer of this type. */
  public Optional<Renderer> byType(String type) {
    return renderers.stream().filter(r -> r.type().equals(type)).findFirst();
  }

  /** The types known, in registration order. */
  public List<String> types() {
    return renderers.stream().map(Renderer::type).toList();
  }

  /**
   * Chooses the renderer for {@code path}: the named type if given, otherwise the applicable one
   * with the highest priority.
   *
   * @throws RenderException if the named type is unknown or nothing applies
   */
  public Renderer select(SourceTree tree, String path, Optional<String> type) {
    if (type.isPresent()) {
      return byType(type.get()).orElseThrow(() -> new RenderException(
          "unknown renderer type '" + type.get() + "'; known: " + types()));
    }
    List<Renderer> applicable = new ArrayList<>();
    for (Renderer r : renderers) {
      if (r.appliesTo(tree, path)) {
        applicable.add(r);
      }
    }
    if (applicable.isEmpty()) {
      throw new RenderException("no renderer applies to '" + path + "' at commit " + tree.commit());
    }
    applicable.sort(Comparator.comparingInt(Renderer::priority).reversed());
    if (applicable.size() > 1 && applicable.get(0).priority() == applicable.get(1).priority()) {
      LOG.warn("renderers {} and {} both apply to {} with priority {}; using {}", applicable.get(0).type(),
          applicable.get(1).type(), path, applicable.get(0).priority(), applicable.get(0).type());
    }
    return applicable.get(0);
  }
}
