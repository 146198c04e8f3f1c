package dev.gitopsjava.secrets.sops;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code ENC[AES256_GCM,data:…,iv:…,tag:…,type:…]}, all standard base64 with padding.
 * Parsing follows SOPS's regex (anchored at the start only, greedy groups).
 */
record EncryptedValue(byte[] data, byte[] iv, byte[] tag, String type) {
  private static final Pattern FORMAT =
      Pattern.compile("^ENC\\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\\]", Pattern.UNIX_LINES);

  EncryptedValue {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(iv, "iv");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(type, "type");
  }

  /** Whether {@code s} looks like an encrypted value (the cheap test stores use). */
  static boolean looksEncrypted(String s) {
    return s.startsWith("ENC[AES256_GCM,");
  }

  /** Parses {@code s}; empty if it does not match SOPS's format or its base64 is invalid. */
  static Optional<EncryptedValue> parse(String s) {
    Matcher m = FORMAT.matcher(s);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      Base64.Decoder b64 = Base64.getDecoder();
      return Optional.of(new EncryptedValue(
          b64.decode(m.group(1)), b64.decode(m.group(2)), b64.decode(m.group(3)), m.group(4)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  String format() {
    Base64.Encoder b64 = Base64.getEncoder();
    return "ENC[AES256_GCM,data:" + b64.encodeToString(data) + ",iv:" + b64.encodeToString(iv)
        + ",tag:" + b64.encodeToString(tag) + ",type:" + type + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncryptedValue v && format().equals(v.format());
  }

  @Override
  public int hashCode() {
    return format().hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}
