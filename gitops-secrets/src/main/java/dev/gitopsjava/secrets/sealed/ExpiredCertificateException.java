package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterialException;
import java.time.Instant;

/** The controller certificate's NotAfter has passed; kubeseal refuses to seal with it, and so do we. */
public class ExpiredCertificateException extends KeyMaterialException {
  private static final long serialVersionUID = 1L;

  /** {@code notAfter}, kept in the serialized form. */
  private final Instant notAfter;

  /** An exception with a message naming what is at fault. */
  public ExpiredCertificateException(String source, Instant notAfter, Instant now) {
    super(source, "certificate expired at " + notAfter + " (now " + now + ")");
    this.notAfter = notAfter;
  }

  /** When the certificate expired. */
  public Instant notAfter() {
    return notAfter;
  }
}
