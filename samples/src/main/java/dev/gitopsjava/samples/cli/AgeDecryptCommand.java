package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.age.Age;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * <p>The header is checked before anything is written, so a wrong key leaves no file behind.
 * OUTPUT is written to a temporary file beside it and moved over it only when the last chunk has
 * authenticated: a damaged chunk leaves an existing OUTPUT untouched and creates none (on
 * standard output the authenticated part has already gone out, as with {@code age}).
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
    if (AgeCommand.isStandard(output)) {
      try {
        plaintext.transferTo(System.out);
        System.out.flush();
        closeInput(plaintext);
      } catch (IOException e) {
        throw AgeCommand.fileError("decryption failed", e);
      }
      return GitOpsCommand.OK;
    }
    // Into a temporary file beside OUTPUT, moved over it only once every chunk authenticated: a
    // damaged chunk leaves an existing OUTPUT as it was, not emptied or half-written.
    Path temp;
    try {
      Path dir = output.toAbsolutePath().getParent();
      temp = Files.createTempFile(dir, "." + output.getFileName() + ".", ".partial");
    } catch (IOException e) {
      throw AgeCommand.fileError("cannot write output file " + output, e);
    }
    boolean decrypted = false;
    boolean complete = false;
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        plaintext.transferTo(out);
      }
      closeInput(plaintext);
      decrypted = true;
      Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      complete = true;
    } catch (IOException e) {
      throw AgeCommand.fileError(decrypted ? "cannot write output file " + output : "decryption failed", e);
    } finally {
      if (!complete) {
        deleteQuietly(temp);
      }
    }
    return GitOpsCommand.OK;
  }

  private void closeInput(InputStream plaintext) throws IOException {
    if (!AgeCommand.isStandard(input)) {
      plaintext.close();
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // the decryption error is the one to report
    }
  }
}
