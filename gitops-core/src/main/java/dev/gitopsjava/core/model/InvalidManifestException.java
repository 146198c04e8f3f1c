package dev.gitopsjava.core.model;

import dev.gitopsjava.core.GitOpsException;

/**
 * A document that is not a usable Kubernetes manifest: malformed YAML, or a required field
 * ({@code apiVersion}, {@code kind}, {@code metadata.name}) missing. The message names the file,
 * the document index and, where known, the line.
 */
public class InvalidManifestException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** {@code file}, kept in the serialized form. */
  private final String file;
  /** {@code documentIndex}, kept in the serialized form. */
  private final int documentIndex;
  /** {@code line}, kept in the serialized form. */
  private final int line;

  /** An exception with a message naming what is at fault. */
  public InvalidManifestException(String file, int documentIndex, int line, String problem) {
    this(file, documentIndex, line, problem, null);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public InvalidManifestException(String file, int documentIndex, int line, String problem, Throwable cause) {
    super(describe(file, documentIndex, line, problem), cause);
    this.file = file;
    this.documentIndex = documentIndex;
    this.line = line;
  }

  private static String describe(String file, int documentIndex, int line, String problem) {
    StringBuilder where = new StringBuilder(file);
    if (line > 0) {
      where.append(':').append(line);
    }
    if (documentIndex >= 0) {
      where.append(" (document ").append(documentIndex).append(')');
    }
    return where + ": " + problem;
  }

  /** The file the document came from. */
  public String file() {
    return file;
  }

  /** Zero-based document index within the file, or -1 when unknown. */
  public int documentIndex() {
    return documentIndex;
  }

  /** One-based line number, or 0 when unknown. */
  public int line() {
    return line;
  }
}
