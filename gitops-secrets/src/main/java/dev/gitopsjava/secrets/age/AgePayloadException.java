package dev.gitopsjava.secrets.age;

/** The encrypted payload is damaged: a chunk fails authentication, is truncated, the final chunk is missing or data follows it. Plaintext released before the failure was authentic, but the file as a whole must be treated as invalid. */
public class AgePayloadException extends AgeException {
  private static final long serialVersionUID = 1L;

  AgePayloadException(String message) {
    super(message);
  }

  AgePayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
