package dev.gitopsjava.secrets.age;

/** The header is well formed, but none of the given identities opens any of its stanzas (a wrong key or passphrase). */
public class AgeNoMatchException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgeNoMatchException(String message) {
    super(message);
  }

  AgeNoMatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
