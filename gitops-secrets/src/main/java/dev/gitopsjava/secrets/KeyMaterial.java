package dev.gitopsjava.secrets;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One piece of key material as read from a {@link KeySource}: the raw bytes (a PEM file, an age
 * identity file, a Kubernetes Secret document, ...) and where they came from. Each format parses
 * the bytes it understands.
 *
 * <p>{@link #toString()} names only the origin, never the material.
 */
public final class KeyMaterial {
  private final String origin;
  private final byte[] bytes;

  private KeyMaterial(String origin, byte[] bytes) {
    this.origin = origin;
    this.bytes = bytes;
  }

  /** Material read from {@code origin} (a description such as {@code file key.pem}); copies the bytes. */
  public static KeyMaterial of(String origin, byte[] bytes) {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(bytes, "bytes");
    return new KeyMaterial(origin, bytes.clone());
  }

  /** Material given as text (UTF-8). */
  public static KeyMaterial ofText(String origin, String text) {
    Objects.requireNonNull(text, "text");
    return new KeyMaterial(Objects.requireNonNull(origin, "origin"), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Where the material came from, for error messages: a file, a variable, a Secret. */
  public String origin() {
    return origin;
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The bytes as UTF-8 text. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Overwrites the bytes with zeros; call when done with private material. */
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + origin + "]";
  }
}
