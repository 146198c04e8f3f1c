package dev.gitopsjava.secrets.age;

/** A recipient, identity or identity file cannot be parsed. The message names the source and line, never the key itself. */
public class AgeKeyException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgeKeyException(String message) {
    super(message);
  }

  AgeKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
