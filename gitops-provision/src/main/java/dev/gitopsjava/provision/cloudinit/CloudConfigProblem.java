package dev.gitopsjava.provision.cloudinit;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a {@code #cloud-config} document.
 *
 * @param path where in the document, in cloud-init's notation ({@code write_files.0}, or
 *     {@code format-l3.c5} for a syntax error at line 3, column 5)
 * @param message what is wrong
 */
public record CloudConfigProblem(String path, String message) {
  /** Checks the components. */
  public CloudConfigProblem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
