package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.GitOpsException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to a cluster shares: which kubeconfig, and where Git clones
 * are cached.
 */
final class ClusterOptions {

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "The kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where clones are kept (default: $XDG_CACHE_HOME/gitops-java or ~/.cache/gitops-java).")
  Path cacheDir;

  /**
   * A client for the cluster the kubeconfig names. The caller closes it.
   *
   * @throws GitOpsException naming the kubeconfig file when it cannot be read or parsed
   */
  KubernetesClient connect() {
    Config config;
    if (kubeconfig == null) {
      config = Config.autoConfigure(null);
    } else {
      String content;
      try {
        content = Files.readString(kubeconfig);
      } catch (IOException e) {
        throw new GitOpsException(kubeconfig + ": cannot read kubeconfig (" + e.getClass().getSimpleName() + ")", e);
      }
      try {
        config = Config.fromKubeconfig(null, content, kubeconfig.toString());
      } catch (KubernetesClientException | IllegalArgumentException e) {
        throw new GitOpsException(kubeconfig + ": invalid kubeconfig: " + e.getMessage(), e);
      }
      if (config.getMasterUrl() == null || config.getMasterUrl().isBlank()) {
        throw new GitOpsException(kubeconfig + ": no cluster server in the current context");
      }
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** The clone cache directory: {@code --cache-dir}, else the XDG cache, else {@code ~/.cache}. */
  Path cacheDirectory() {
    if (cacheDir != null) {
      return cacheDir;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("gitops-java");
  }
}
