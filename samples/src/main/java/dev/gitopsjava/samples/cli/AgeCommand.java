package dev.gitopsjava.samples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gitops age}: age file encryption with the {@code age} / {@code age-keygen} flags, so
 * scripts can swap tools.
 *
 * <pre>
 * gitops age keygen [--pq] [-o FILE]
 * gitops age encrypt (-r RECIPIENT | -R PATH)... [-a] [-o OUTPUT] [INPUT]
 * gitops age decrypt -i IDENTITY_FILE... [-o OUTPUT] [INPUT]
 * </pre>
 *
 * INPUT defaults to standard input and OUTPUT to standard output, as with {@code age}. Any
 * failure (wrong key, damaged file, bad flags) prints one line and exits 2.
 */
@Command(name = "age", mixinStandardHelpOptions = true,
    description = "Encrypt and decrypt files with age (C2SP age v1), compatible with the age CLI.",
    subcommands = {AgeKeygenCommand.class, AgeEncryptCommand.class, AgeDecryptCommand.class})
final class AgeCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** The named file, or standard input when there is none (or it is "-"). */
  static InputStream openInput(Path input) {
    if (input == null || input.toString().equals("-")) {
      return System.in;
    }
    try {
      return Files.newInputStream(input);
    } catch (IOException e) {
      throw fileError("cannot read input file " + input, e);
    }
  }

  /** The named file (created or truncated), or standard output when there is none or "-". */
  static OutputStream openOutput(Path output) {
    if (output == null || output.toString().equals("-")) {
      return System.out;
    }
    try {
      return Files.newOutputStream(output);
    } catch (IOException e) {
      throw fileError("cannot write output file " + output, e);
    }
  }

  static boolean isStandard(Path path) {
    return path == null || path.toString().equals("-");
  }

  /** An I/O failure as one line that names the file and the reason, without a stack trace. */
  static UncheckedIOException fileError(String what, IOException e) {
    String reason;
    if (e instanceof NoSuchFileException) {
      reason = "no such file";
    } else if (e instanceof AccessDeniedException) {
      reason = "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      reason = "file exists";
    } else {
      reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new UncheckedIOException(what + ": " + reason, e);
  }
}
