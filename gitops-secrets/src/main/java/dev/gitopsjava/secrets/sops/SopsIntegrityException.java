package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.SealingException;

/**
 * A value or the MAC failed authentication: the file was tampered with, values were reordered or
 * renamed, or it was decrypted with a data key it was not written with. {@link #path()} names the
 * value (its SOPS path, e.g. {@code stringData:password:}, or {@code sops:mac:}).
 */
public class SopsIntegrityException extends SealingException {
  private static final long serialVersionUID = 1L;
  /** {@code path}, kept in the serialized form. */
  private final String path;

  /** An exception with a message naming what is at fault. */
  public SopsIntegrityException(String path, String message) {
    super(message);
    this.path = path;
  }

  /** The SOPS path of the value that failed, {@code sops:mac:} for the MAC. */
  public String path() {
    return path;
  }
}
