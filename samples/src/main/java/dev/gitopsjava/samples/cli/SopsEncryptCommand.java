package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.age.AgeException;
import dev.gitopsjava.secrets.age.AgeRecipient;
import dev.gitopsjava.secrets.sops.SopsEncryptor;
import dev.gitopsjava.secrets.sops.SopsFormat;
import dev.gitopsjava.secrets.sops.SopsRules;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops sops encrypt --age RECIPIENT[,...] FILE}: writes the SOPS-encrypted file to stdout
 * (or {@code --output}, or in place with {@code -i}), as {@code sops encrypt} does.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = "Encrypt a YAML or JSON file with SOPS for age recipients (like sops encrypt).")
final class SopsEncryptCommand implements Callable<Integer> {

  @CommandLine.ParentCommand SopsCommand parent;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--age", split = ",", paramLabel = "RECIPIENT",
      description = "age recipients, comma separated (default: SOPS_AGE_RECIPIENTS).")
  List<String> age = new ArrayList<>();

  @Option(names = "--encrypted-regex", paramLabel = "REGEX",
      description = "Encrypt only values under keys matching REGEX.")
  String encryptedRegex;

  @Option(names = "--unencrypted-regex", paramLabel = "REGEX",
      description = "Leave values under keys matching REGEX in clear text.")
  String unencryptedRegex;

  @Option(names = "--encrypted-suffix", paramLabel = "SUFFIX",
      description = "Encrypt only values under keys ending with SUFFIX.")
  String encryptedSuffix;

  @Option(names = "--unencrypted-suffix", paramLabel = "SUFFIX",
      description = "Leave values under keys ending with SUFFIX in clear text (default _unencrypted).")
  String unencryptedSuffix;

  @Option(names = "--mac-only-encrypted", description = "Compute the MAC over encrypted values only.")
  boolean macOnlyEncrypted;

  @Option(names = "--input-type", paramLabel = "TYPE", description = "yaml or json (default: by extension).")
  String inputType;

  @Option(names = {"-i", "--in-place"}, description = "Replace FILE with the encrypted file.")
  boolean inPlace;

  @Option(names = "--output", paramLabel = "OUT", description = "Write to OUT instead of stdout.")
  Path output;

  @Parameters(index = "0", paramLabel = "FILE", description = "The plaintext YAML or JSON file.")
  Path file;

  @Override
  public Integer call() {
    CommandLine cl = spec.commandLine();
    if (inPlace && output != null) {
      throw new CommandLine.ParameterException(cl, "--in-place and --output cannot be used together");
    }
    SopsRules rules = rules(cl);
    List<AgeRecipient> recipients = recipients(cl);
    SopsFormat format = SopsCommand.format(inputType, file, cl);
    if (!format.canEncrypt()) {
      throw new CommandLine.ParameterException(cl, file + ": encrypting "
          + format.name().toLowerCase(java.util.Locale.ROOT) + " files is not supported (yaml, json)");
    }
    byte[] plaintext = SopsCommand.read(file);
    byte[] encrypted;
    try {
      encrypted = SopsEncryptor.builder().recipients(recipients).rules(rules).build()
          .encrypt(plaintext, format);
    } catch (SealingException e) {
      throw new SealingException(file + ": " + e.getMessage(), e);
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
    if (inPlace) {
      SopsCommand.writeAtomically(file, encrypted);
    } else if (output != null) {
      SopsCommand.writeAtomically(output, encrypted);
    } else {
      PrintWriter out = cl.getOut();
      out.print(new String(encrypted, StandardCharsets.UTF_8));
      out.flush();
    }
    return GitOpsCommand.OK;
  }

  private SopsRules rules(CommandLine cl) {
    List<SopsRules> chosen = new ArrayList<>();
    try {
      if (encryptedRegex != null) {
        chosen.add(SopsRules.encryptedRegex(encryptedRegex));
      }
      if (unencryptedRegex != null) {
        chosen.add(SopsRules.unencryptedRegex(unencryptedRegex));
      }
      if (encryptedSuffix != null) {
        chosen.add(SopsRules.encryptedSuffix(encryptedSuffix));
      }
      if (unencryptedSuffix != null) {
        chosen.add(SopsRules.unencryptedSuffix(unencryptedSuffix));
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, e.getMessage());
    }
    if (chosen.size() > 1) {
      throw new CommandLine.ParameterException(cl, "use at most one of --encrypted-regex, "
          + "--unencrypted-regex, --encrypted-suffix and --unencrypted-suffix");
    }
    SopsRules rules = chosen.isEmpty() ? SopsRules.defaults() : chosen.get(0);
    return rules.withMacOnlyEncrypted(macOnlyEncrypted);
  }

  private List<AgeRecipient> recipients(CommandLine cl) {
    List<String> names = new ArrayList<>(age);
    if (names.isEmpty()) {
      String env = parent.environment().get("SOPS_AGE_RECIPIENTS");
      if (env != null) {
        for (String r : env.split("[,\\s]+")) {
          if (!r.isEmpty()) {
            names.add(r);
          }
        }
      }
    }
    if (names.isEmpty()) {
      throw new CommandLine.ParameterException(cl,
          "no recipients: give --age RECIPIENT[,...] or set SOPS_AGE_RECIPIENTS");
    }
    List<AgeRecipient> recipients = new ArrayList<>();
    for (String name : names) {
      try {
        AgeRecipient r = AgeRecipient.parse(name.strip());
        recipients.add(r);
      } catch (AgeException | IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "invalid --age recipient: " + e.getMessage());
      }
    }
    return recipients;
  }
}
