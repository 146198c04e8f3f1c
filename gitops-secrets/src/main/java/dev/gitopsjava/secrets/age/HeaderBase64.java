package dev.gitopsjava.secrets.age;

import java.util.Base64;
import java.util.Optional;

/**
 * The base64 of the age header: standard alphabet, no padding, canonical only. Canonical means the
 * string is exactly what encoding its bytes gives back, which rules out padding, spare bits set to
 * one, CR, LF and every other stray character (the JDK decoder alone tolerates some of them).
 */
final class HeaderBase64 {
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private HeaderBase64() {}

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /** The decoded bytes, or empty when {@code s} is not canonical unpadded base64. */
  static Optional<byte[]> decode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '+' || c == '/';
      if (!alphabet) {
        return Optional.empty();
      }
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return ENCODER.encodeToString(bytes).equals(s) ? Optional.of(bytes) : Optional.empty();
  }
}
