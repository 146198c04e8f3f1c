package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.age.Age;
import dev.gitopsjava.secrets.age.AgeException;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gitops age encrypt (-r RECIPIENT | -R PATH)... [-a] [-o OUTPUT] [INPUT]}: as {@code age
 * -e}. Streams in 64 KiB chunks, so any size works in constant memory.
 */
@Command(name = "encrypt", mixinStandardHelpOptions = true,
    description = "Encrypt INPUT (default stdin) to OUTPUT (default stdout) for the recipients.")
final class AgeEncryptCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-r", "--recipient"}, paramLabel = "RECIPIENT",
      description = "Encrypt to this age public key (age1… or age1pq1…). Can be repeated.")
  List<String> recipients = new ArrayList<>();

  @Option(names = {"-R", "--recipients-file"}, paramLabel = "PATH",
      description = "Encrypt to the recipients listed in PATH, one per line, # comments."
          + " Can be repeated.")
  List<Path> recipientFiles = new ArrayList<>();

  @Option(names = {"-a", "--armor"}, description = "Write PEM-armored text instead of binary.")
  boolean armor;

  @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT",
      description = "Write to this file (overwritten) instead of standard output.")
  Path output;

  @Parameters(arity = "0..1", paramLabel = "INPUT", description = "The file to encrypt; default stdin.")
  Path input;

  @Override
  public Integer call() {
    List<AgeRecipient> parsed = new ArrayList<>();
    for (String r : recipients) {
      parsed.add(AgeRecipient.parse(r));
    }
    for (Path file : recipientFiles) {
      parsed.addAll(readRecipientsFile(file));
    }
    if (parsed.isEmpty()) {
      throw new ParameterException(spec.commandLine(),
          "missing recipients: use -r RECIPIENT or -R PATH");
    }
    if (!armor && AgeCommand.isStandard(output) && System.console() != null) {
      throw new ParameterException(spec.commandLine(),
          "refusing to write binary ciphertext to a terminal: use -a or -o");
    }
    InputStream in = AgeCommand.openInput(input);
    OutputStream out = AgeCommand.openOutput(output);
    try {
      try (OutputStream encrypting = Age.encrypt(out, parsed, armor)) {
        in.transferTo(encrypting);
      }
      if (AgeCommand.isStandard(output)) {
        out.flush();
      } else {
        out.close();
      }
      if (!AgeCommand.isStandard(input)) {
        in.close();
      }
    } catch (IOException e) {
      throw AgeCommand.fileError("encryption failed", e);
    }
    return GitOpsCommand.OK;
  }

  /** A recipients file as age reads it: one recipient per line, blank and # lines ignored. */
  private List<AgeRecipient> readRecipientsFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw AgeCommand.fileError("cannot read recipients file " + file, e);
    }
    List<AgeRecipient> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        out.add(AgeRecipient.parse(line));
      } catch (AgeException e) {
        throw new ParameterException(spec.commandLine(),
            "in recipients file " + file + " line " + (i + 1) + ": " + e.getMessage());
      }
    }
    return out;
  }
}
