package dev.gitopsjava.core.source;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.spi.Renderer;
import dev.gitopsjava.core.spi.SourceTree;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Git source → renderer → manifest filters → {@link DesiredState}, with a render cache keyed by
 * repository, commit, path, renderer and options: a commit is rendered once, however often the
 * application is reconciled.
 *
 * <pre>{@code
 * DesiredStateRenderer renderer = DesiredStateRenderer.builder().gitSource(git).build();
 * RenderResult r = renderer.render("payment-api",
 *     SourceSpec.of("https://example.com/payment-api.git", "HEAD", "k8s/overlays/production"));
 * r.revision().commit();   // the exact commit rendered
 * r.desired().all();       // the manifests
 * }</pre>
 *
 * <p>All or nothing: any error (source, render, parse, filter, duplicate resource) is thrown and no
 * partial state is returned, so a failed render can never cause a prune.
 */
public final class DesiredStateRenderer {
  private final GitSource git;
  private final RendererRegistry renderers;
  private final List<ManifestFilter> filters;
  private final Cache<CacheKey, RenderResult> cache;

  private record CacheKey(String repoUrl, String commit, String path, Optional<String> renderer,
      Map<String, Object> options) {}

  private DesiredStateRenderer(Builder b) {
    this.git = b.git;
    this.renderers = b.renderers;
    List<ManifestFilter> sorted = new ArrayList<>(b.filters);
    sorted.sort(Comparator.comparingInt(ManifestFilter::priority).reversed());
    this.filters = List.copyOf(sorted);
    this.cache = Caffeine.newBuilder().maximumSize(b.cacheSize).recordStats().build();
  }

  /** A builder; the Git source is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Resolves the source's revision and renders its path there (from cache when this commit, path
   * and options were rendered before).
   */
  public RenderResult render(String application, SourceSpec source) {
    Revision revision = git.resolve(source.repoUrl(), source.targetRevision());
    return render(application, source, revision);
  }

  /** Renders the source at an already resolved revision. */
  public RenderResult render(String application, SourceSpec source, Revision revision) {
    CacheKey key = new CacheKey(source.repoUrl(), revision.commit(), RepositoryPath.normalise(source.path()),
        source.renderer(), source.options());
    RenderResult cached = cache.getIfPresent(key);
    if (cached != null) {
      return new RenderResult(revision, cached.rendererType(), cached.desired());
    }
    RenderResult fresh = renderUncached(application, source, revision, key.path());
    cache.put(key, fresh);
    return fresh;
  }

  private RenderResult renderUncached(String application, SourceSpec source, Revision revision, String path) {
    SourceTree tree = git.tree(revision);
    if (!tree.isDirectory(path)) {
      throw new PathNotFoundException(revision.repoUrl(), revision.commit(), source.path());
    }
    Renderer renderer = renderers.select(tree, path, source.renderer());
    RenderContext context = new RenderContext(application, revision.repoUrl(), revision.commit(), path);
    List<Manifest> manifests = renderer.render(tree, path, source.options(), context);
    for (ManifestFilter filter : filters) {
      manifests = Objects.requireNonNull(filter.filter(manifests, context),
          () -> "manifest filter " + filter.name() + " returned null");
    }
    return new RenderResult(revision, renderer.type(), DesiredState.of(revision.commit(), manifests));
  }

  /** Renders served from the cache so far. */
  public long cacheHits() {
    return cache.stats().hitCount();
  }

  /** Renders that ran a renderer so far. */
  public long cacheMisses() {
    return cache.stats().missCount();
  }

  /** Configures a {@link DesiredStateRenderer}. */
  public static final class Builder {
    private GitSource git;
    private RendererRegistry renderers;
    private final List<ManifestFilter> filters = new ArrayList<>();
    private long cacheSize = 1_000;
    private boolean cacheSizeSet;

    private Builder() {}

    /** The Git source. Required. */
    public Builder gitSource(GitSource source) {
      if (git != null) {
        throw new IllegalStateException("gitSource was already set");
      }
      this.git = Objects.requireNonNull(source, "gitSource");
      return this;
    }

    /** The renderers; default {@link RendererRegistry#standard()}. */
    public Builder renderers(RendererRegistry registry) {
      if (renderers != null) {
        throw new IllegalStateException("renderers were already set");
      }
      this.renderers = Objects.requireNonNull(registry, "renderers");
      return this;
    }

    /** Adds a manifest filter (e.g. SOPS decryption); filters run by descending priority. */
    public Builder filter(ManifestFilter filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /** Maximum number of rendered (commit, path, options) entries kept; default 1000. */
    public Builder cacheSize(long entries) {
      if (cacheSizeSet) {
        throw new IllegalStateException("cacheSize was already set to " + cacheSize);
      }
      if (entries < 0) {
        throw new IllegalArgumentException("cacheSize must be >= 0, was " + entries);
      }
      this.cacheSize = entries;
      cacheSizeSet = true;
      return this;
    }

    /** Builds the renderer. */
    public DesiredStateRenderer build() {
      if (git == null) {
        throw new IllegalStateException("gitSource is required");
      }
      if (renderers == null) {
        renderers = RendererRegistry.standard();
      }
      return new DesiredStateRenderer(this);
    }
  }
}
