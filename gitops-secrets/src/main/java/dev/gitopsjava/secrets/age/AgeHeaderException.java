package dev.gitopsjava.secrets.age;

/** The age header is malformed: bad version line, stanza syntax, non-canonical base64, a stanza a known identity type rejects (wrong sizes, an all-zero X25519 secret, a bad scrypt work factor, scrypt mixed with other stanzas), or a missing payload nonce. */
public class AgeHeaderException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgeHeaderException(String message) {
    super(message);
  }

  AgeHeaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
