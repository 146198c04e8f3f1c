package dev.gitopsjava.samples.cli;

import dev.gitopsjava.samples.PaymentApiScenario;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops demo}: the payment-api scenario, on an embedded API server by default, or on the
 * cluster of {@code --kubeconfig PATH} (or {@code KUBECONFIG}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the payment-api GitOps scenario end to end (embedded cluster unless --kubeconfig is given).")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--kubeconfig", paramLabel = "PATH",
      description = "Run against this cluster instead of the embedded one (default: $KUBECONFIG if set).")
  Path kubeconfig;

  @Option(names = "--embedded", description = "Use the embedded cluster even when KUBECONFIG is set.")
  boolean embedded;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the sample's Git repository and caches go"
      + " (default: a new temporary directory).")
  Path workDir;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path dir = workDir != null ? workDir : Files.createTempDirectory("gitops-demo-");
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path config = kubeconfig;
    String env = System.getenv("KUBECONFIG");
    if (config == null && !embedded && env != null && !env.isBlank()) {
      config = Path.of(env.split(java.io.File.pathSeparator)[0]);
    }
    if (config == null) {
      PaymentApiScenario.embedded(dir, out).run();
      return GitOpsCommand.OK;
    }
    String kubeconfigText = Files.readString(config);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfigText)).build()) {
      PaymentApiScenario.onCluster(client, dir, out).run();
    }
    return GitOpsCommand.OK;
  }
}
