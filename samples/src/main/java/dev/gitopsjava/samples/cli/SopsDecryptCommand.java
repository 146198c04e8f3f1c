package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.sops.SopsAgeIdentities;
import dev.gitopsjava.secrets.sops.SopsDocument;
import dev.gitopsjava.secrets.sops.SopsFormat;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops sops decrypt FILE}: prints the plaintext (or writes {@code --output}) only after
 * every value and the MAC verified; identities from {@code SOPS_AGE_KEY_FILE} / {@code
 * SOPS_AGE_KEY}, as sops reads them.
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = "Decrypt a SOPS file with age identities from SOPS_AGE_KEY_FILE or SOPS_AGE_KEY.")
final class SopsDecryptCommand implements Callable<Integer> {

  @CommandLine.ParentCommand SopsCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--input-type", paramLabel = "TYPE",
      description = "yaml, json, dotenv, ini or binary (default: by extension, binary if unknown).")
  String inputType;

  @Option(names = "--output", paramLabel = "OUT", description = "Write to OUT instead of stdout.")
  Path output;

  @Parameters(index = "0", paramLabel = "FILE", description = "The SOPS-encrypted file.")
  Path file;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    SopsFormat format = SopsCommand.format(inputType, file, cl);
    byte[] content = SopsCommand.read(file);
    byte[] plaintext;
    try {
      List<AgeIdentity> identities = SopsAgeIdentities.fromEnvironment(parent.environment());
      plaintext = SopsDocument.read(content, format).decrypt(identities);
    } catch (SealingException e) {
      throw new SealingException(file + ": " + e.getMessage(), e);
    }
    if (output != null) {
      SopsCommand.writePlaintext(output, plaintext);
    } else {
      PrintWriter out = cl.getOut();
      out.print(new String(plaintext, StandardCharsets.UTF_8));
      out.flush();
    }
    java.util.Arrays.fill(plaintext, (byte) 0);
    return GitOpsCommand.OK;
  }
}
