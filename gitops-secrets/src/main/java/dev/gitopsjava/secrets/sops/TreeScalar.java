package dev.gitopsjava.secrets.sops;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A leaf value: its type and its canonical text (see {@link ScalarType}). Encrypted leaves are
 * {@code STR} scalars holding the {@code ENC[...]} string. {@code toString} never shows the text.
 */
record TreeScalar(ScalarType type, String text) implements TreeValue {
  static final TreeScalar NULL = new TreeScalar(ScalarType.NULL, "");

  TreeScalar {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
  }

  static TreeScalar str(String text) {
    return new TreeScalar(ScalarType.STR, text);
  }

  static TreeScalar bool(boolean value) {
    return new TreeScalar(ScalarType.BOOL, value ? "True" : "False");
  }

  /** The bytes SOPS encrypts and hashes for this value. */
  byte[] plaintextBytes() {
    return type == ScalarType.BYTES
        ? text.getBytes(StandardCharsets.ISO_8859_1)
        : text.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public TreeScalar copy() {
    return this;
  }

  @Override
  public String toString() {
    return "TreeScalar[" + type.tag() + "]";
  }
}
