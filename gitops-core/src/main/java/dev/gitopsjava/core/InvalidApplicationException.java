package dev.gitopsjava.core;

/**
 * An Application manifest that cannot be used: malformed YAML, a missing or mistyped field, an
 * unknown field, or a feature this engine does not support. The message names the file and the
 * field path (e.g. {@code spec.syncPolicy.retry.backoff.duration}).
 */
public class InvalidApplicationException extends GitOpsException {
  private static final long serialVersionUID = 1L;
  /** {@code file}, kept in the serialized form. */
  private final String file;
  /** {@code field}, kept in the serialized form. */
  private final String field;

  /** An exception with a message naming what is at fault. */
  public InvalidApplicationException(String file, String field, String problem) {
    this(file, field, problem, null);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public InvalidApplicationException(String file, String field, String problem, Throwable cause) {
    super(file + ": " + (field.isEmpty() ? "" : field + ": ") + problem, cause);
    this.file = file;
    this.field = field;
  }

  /** The file the Application came from. */
  public String file() {
    return file;
  }

  /** The field at fault, as a dotted path; empty for the whole document. */
  public String field() {
    return field;
  }
}
