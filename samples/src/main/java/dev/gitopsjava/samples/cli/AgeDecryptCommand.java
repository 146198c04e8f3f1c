package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.age.Age;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gitops age decrypt -i IDENTITY_FILE... [-o OUTPUT] [INPUT]}: as {@code age -d}; binary
 * and armored input are both accepted.
 *
 * <p>The header is checked before OUTPUT is created, so a wrong key leaves no file behind. Chunks
 * are written as they authenticate; if a later chunk is damaged, a partly written OUTPUT file is
 * deleted (on standard output the authenticated part has already gone out, as with {@code age}).
 */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
    description = "Decrypt INPUT (default stdin, binary or armored) to OUTPUT (default stdout).")
final class AgeDecryptCommand implements Callable<Integer> {

  @Option(names = {"-i", "--identity"}, paramLabel = "PATH", required = true,
      description = "An identity file (as age-keygen writes). Can be repeated.")
  List<Path> identityFiles = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "OUTPUT",
      description = "Write to this file (overwritten) instead of standard output.")
  Path output;

  @Parameters(arity = "0..1", paramLabel = "INPUT", description = "The file to decrypt; default stdin.")
  Path input;

  @Override
  public Integer call() {
    List<AgeIdentity> identities = new ArrayList<>();
    for (Path file : identityFiles) {
      try {
        identities.addAll(AgeIdentity.readIdentityFile(file));
      } catch (IOException e) {
        throw AgeCommand.fileError("cannot read identity file " + file, e);
      }
    }
    InputStream in = AgeCommand.openInput(input);
    InputStream plaintext;
    try {
      plaintext = Age.decrypt(in, identities);
    } catch (IOException e) {
      throw AgeCommand.fileError("cannot read input", e);
    }
    OutputStream out = AgeCommand.openOutput(output);
    boolean complete = false;
    try {
      plaintext.transferTo(out);
      complete = true;
      if (AgeCommand.isStandard(output)) {
        out.flush();
      } else {
        out.close();
      }
      if (!AgeCommand.isStandard(input)) {
        plaintext.close();
      }
    } catch (IOException e) {
      throw AgeCommand.fileError("decryption failed", e);
    } finally {
      if (!complete && !AgeCommand.isStandard(output)) {
        deleteQuietly(out, output);
      }
    }
    return GitOpsCommand.OK;
  }

  private static void deleteQuietly(OutputStream out, Path file) {
    try {
      out.close();
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the decryption error is the one to report
    }
  }
}
