package dev.gitopsjava.secrets;

/**
 * Input that is not in the expected format: not YAML, missing a required field, bad base64, a
 * truncated ciphertext. The message names the resource or file and the field.
 */
public class MalformedInputException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** {@code where}, kept in the serialized form. */
  private final String where;

  /** An exception with a message naming what is at fault. */
  public MalformedInputException(String where, String problem) {
    super(where + ": " + problem);
    this.where = where;
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public MalformedInputException(String where, String problem, Throwable cause) {
    super(where + ": " + problem, cause);
    this.where = where;
  }

  /** The resource, file or field at fault. */
  public String where() {
    return where;
  }
}
