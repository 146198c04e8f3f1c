package dev.gitopsjava.secrets.age;

import dev.gitopsjava.secrets.SealingException;

/**
 * The root of every age failure. Its subtypes name the stage that failed, so a caller can tell a
 * wrong key ({@link AgeNoMatchException}) from a damaged file ({@link AgeHeaderException}, {@link
 * AgeMacException}, {@link AgePayloadException}, {@link AgeArmorException}) or a malformed key
 * ({@link AgeKeyException}). Messages never contain keys, passphrases or plaintext.
 */
public class AgeException extends SealingException {
  private static final long serialVersionUID = 1L;

  AgeException(String message) {
    super(message);
  }

  AgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
