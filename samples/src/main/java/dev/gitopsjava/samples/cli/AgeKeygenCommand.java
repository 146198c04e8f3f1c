package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gitops age keygen [--pq] [-o FILE]}: as {@code age-keygen}, writes a new identity file to
 * FILE (created owner-only; an existing file is never overwritten) or standard output, and the
 * public key to standard error.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Generate an age identity file (as age-keygen); the public key goes to stderr.")
final class AgeKeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the identity to FILE (must not exist) instead of standard output.")
  Path output;

  @Option(names = "--pq", description = "Generate a post-quantum hybrid key (age1pq1…).")
  boolean postQuantum;

  @Override
  public Integer call() {
    SecureRandom random = new SecureRandom();
    AgeKeyPair keys = postQuantum ? AgeKeyPair.generatePostQuantum(random)
        : AgeKeyPair.generate(random);
    byte[] text = keys.identityFileText(Instant.now()).getBytes(StandardCharsets.US_ASCII);
    if (AgeCommand.isStandard(output)) {
      System.out.write(text, 0, text.length);
      System.out.flush();
    } else {
      writeNewOwnerOnly(output, text);
    }
    spec.commandLine().getErr().println("Public key: " + keys.recipient());
    spec.commandLine().getErr().flush();
    return GitOpsCommand.OK;
  }

  private static void writeNewOwnerOnly(Path file, byte[] text) {
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
      try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
        out.write(text);
      }
    } catch (IOException e) {
      throw AgeCommand.fileError("cannot write identity file " + file, e);
    }
  }
}
