package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.spi.ManifestFilter;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * What one command run needs to talk to Git and a cluster, opened together and closed in reverse
 * order: the Kubernetes client, the Git source, the renderer (with the manifest filters on the
 * class path, e.g. SOPS decryption) and, when asked for, the engine.
 */
final class Engine implements AutoCloseable {
  final KubernetesClient kubernetes;
  final ClusterClient cluster;
  final GitSource git;
  final DesiredStateRenderer renderer;
  private GitOps gitOps;

  Engine(ClusterOptions options) {
    GitSource source = GitSource.builder().cacheDirectory(options.cacheDirectory()).build();
    try {
      this.kubernetes = options.connect();
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
    this.git = source;
    this.cluster = ClusterClient.fabric8(kubernetes);
    DesiredStateRenderer.Builder builder = DesiredStateRenderer.builder().gitSource(git);
    for (ManifestFilter filter : ServiceLoader.load(ManifestFilter.class)) {
      builder.filter(filter);
    }
    this.renderer = builder.build();
  }

  /** The engine, started on first use; no periodic refresh will run during one command. */
  GitOps gitOps(Progress progress) {
    return gitOps(progress, Duration.ofMinutes(5));
  }

  /** As {@link #gitOps(Progress)}, with health waits bounded by {@code healthTimeout}. */
  GitOps gitOps(Progress progress, Duration healthTimeout) {
    if (gitOps == null) {
      gitOps = GitOps.builder().cluster(cluster).renderer(renderer).pollInterval(Duration.ofDays(1))
          .healthTimeout(healthTimeout).build();
      gitOps.addListener(progress);
    }
    return gitOps;
  }

  /** Tells a watching person which repository and revision is being fetched. */
  static void announceFetch(Progress progress, Application app) {
    progress.step("fetching " + GitSource.redact(app.source().repoUrl()) + " at " + app.source().targetRevision()
        + (app.source().path().isEmpty() ? "" : ", path " + app.source().path()));
  }

  @Override
  public void close() {
    try {
      if (gitOps != null) {
        gitOps.close();
      }
    } finally {
      try {
        kubernetes.close();
      } finally {
        git.close();
      }
    }
  }
}
