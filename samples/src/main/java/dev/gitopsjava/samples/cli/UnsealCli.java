package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealingKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gitops unseal}: the controller's side of {@code gitops seal}. Reads a SealedSecret on
 * stdin and writes the Secret on stdout, trying every {@code --key} (newest first), like
 * {@code kubeseal --recovery-unseal --recovery-private-key}.
 */
@Command(name = "unseal", mixinStandardHelpOptions = true,
    description = "Unseal a Bitnami SealedSecret read from stdin with the controller's private key(s).")
final class UnsealCli implements Callable<Integer> {

  @Option(names = "--key", required = true, paramLabel = "KEY.pem",
      description = "A private key (PKCS#1 or PKCS#8 PEM) or the controller's key Secret (YAML/JSON); repeat, newest first.")
  List<Path> keys;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SealingKeys ring = SealingKeys.from(KeySource.file(keys.toArray(Path[]::new)));
    Manifest sealed = SealedSecrets.readSealedSecret(new String(System.in.readAllBytes(), StandardCharsets.UTF_8), "stdin");
    Manifest secret = SealedSecrets.unseal(sealed).keys(ring).call();
    PrintWriter out = spec.commandLine().getOut();
    out.print(SealedSecrets.toYaml(secret));
    out.flush();
    return GitOpsCommand.OK;
  }
}
