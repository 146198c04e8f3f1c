package dev.gitopsjava.secrets.age;

/** A stanza opened, but the header MAC does not verify: the header was changed after encryption. */
public class AgeMacException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgeMacException(String message) {
    super(message);
  }

  AgeMacException(String message, Throwable cause) {
    super(message, cause);
  }
}
