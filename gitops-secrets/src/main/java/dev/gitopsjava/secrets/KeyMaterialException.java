package dev.gitopsjava.secrets;

/**
 * Key material that cannot be used: unreadable, not in a known format, of the wrong type, or (for a
 * certificate) expired. The message names the source ({@link #source()}), never the material.
 */
public class KeyMaterialException extends SealingException {
  private static final long serialVersionUID = 1L;

  /** {@code source}, kept in the serialized form. */
  private final String source;

  /** An exception with a message naming what is at fault. */
  public KeyMaterialException(String source, String problem) {
    super(source + ": " + problem);
    this.source = source;
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public KeyMaterialException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
    this.source = source;
  }

  /** Where the material came from (a file, a variable, a Secret). */
  public String source() {
    return source;
  }
}
