package dev.gitopsjava.secrets.age;

/** The ASCII armor (PEM {@code AGE ENCRYPTED FILE}) is malformed. */
public class AgeArmorException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgeArmorException(String message) {
    super(message);
  }

  AgeArmorException(String message, Throwable cause) {
    super(message, cause);
  }
}
