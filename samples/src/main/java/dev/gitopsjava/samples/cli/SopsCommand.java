package dev.gitopsjava.samples.cli;

import dev.gitopsjava.secrets.SealingException;
import dev.gitopsjava.secrets.sops.SopsFormat;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gitops sops encrypt|decrypt}: SOPS files with age recipients, with the {@code sops} CLI's
 * flags and environment ({@code SOPS_AGE_KEY_FILE}, {@code SOPS_AGE_KEY}, {@code
 * SOPS_AGE_RECIPIENTS}). The environment is injectable ({@link #environment(Map)}) for tests and
 * embedders.
 */
@Command(name = "sops", mixinStandardHelpOptions = true,
    description = "Encrypt and decrypt SOPS files (YAML, JSON; age recipients), like sops.",
    subcommands = {SopsEncryptCommand.class, SopsDecryptCommand.class})
final class SopsCommand implements Runnable {
  private Map<String, String> environment = System.getenv();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** Replaces the environment the subcommands read (keys, recipients). */
  SopsCommand environment(Map<String, String> environment) {
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    return this;
  }

  Map<String, String> environment() {
    return environment;
  }

  /** The format from {@code --input-type}, else from the file's extension, as sops decides. */
  static SopsFormat format(String inputType, Path file, CommandLine cl) {
    if (inputType == null) {
      return SopsFormat.forFileName(file.getFileName().toString());
    }
    switch (inputType.toLowerCase(Locale.ROOT)) {
      case "yaml":
        return SopsFormat.YAML;
      case "json":
        return SopsFormat.JSON;
      case "dotenv":
        return SopsFormat.DOTENV;
      case "ini":
        return SopsFormat.INI;
      case "binary":
        return SopsFormat.BINARY;
      default:
        throw new CommandLine.ParameterException(cl, "invalid --input-type '" + inputType
            + "': must be yaml, json, dotenv, ini or binary");
    }
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SealingException(file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Replaces {@code target} with ciphertext through a temporary file in the same folder and an
   * atomic rename, so a reader never sees a half-written file.
   */
  static void writeAtomically(Path target, byte[] ciphertext) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.write(tmp, ciphertext);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort; the temporary file holds ciphertext only
        }
      }
      throw new SealingException(target + ": cannot write (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Writes plaintext to {@code target} directly (never through a temporary file), only after the
   * whole file decrypted and verified; a new file is readable by its owner only.
   */
  static void writePlaintext(Path target, byte[] plaintext) {
    try {
      if (!Files.exists(target)) {
        try {
          Files.createFile(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
          Files.createFile(target);
        }
      }
      Files.write(target, plaintext);
    } catch (IOException e) {
      throw new SealingException(target + ": cannot write (" + e.getClass().getSimpleName() + ")");
    }
  }
}
