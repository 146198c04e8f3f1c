package dev.gitopsjava.provision.state;

import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The PBKDF2 key provider's metadata as OpenTofu stores it in {@code meta}: compact JSON {@code
 * {"salt":"<base64>","iterations":N,"hash_function":"sha512","key_length":32}}, itself base64'd.
 */
record Pbkdf2Metadata(byte[] salt, int iterations, String hashFunction, int keyLength) {

  static final Set<String> HASH_FUNCTIONS = Set.of("sha256", "sha512");
  /** Reading a file must not let it make us spin for minutes (the file is untrusted input). */
  static final int MAX_ITERATIONS = 10_000_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  Pbkdf2Metadata {
    salt = salt.clone();
  }

  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** The meta value: base64 of the compact JSON, fields in OpenTofu's order. */
  String encode() {
    ObjectNode node = JSON.createObjectNode();
    node.put("salt", Base64.getEncoder().encodeToString(salt));
    node.put("iterations", iterations);
    node.put("hash_function", hashFunction);
    node.put("key_length", keyLength);
    return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(node));
  }

  /**
   * Parses a meta value, checking what OpenTofu checks: every field set, iterations not negative,
   * a known hash, and (since AES-GCM follows) a key length AES accepts.
   *
   * @throws IllegalArgumentException with a message naming the field at fault
   */
  static Pbkdf2Metadata decode(String metaValue) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(metaValue);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("value is not base64");
    }
    JsonNode node;
    try {
      node = JSON.readTree(raw);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("decoded value is not JSON");
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("decoded value is not a JSON object");
    }
    JsonNode salt = node.get("salt");
    JsonNode iterations = node.get("iterations");
    JsonNode hash = node.get("hash_function");
    JsonNode length = node.get("key_length");
    if (salt == null || !salt.isString() || salt.stringValue().isEmpty()) {
      throw new IllegalArgumentException("salt is missing");
    }
    byte[] saltBytes;
    try {
      saltBytes = Base64.getDecoder().decode(salt.stringValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt is not base64");
    }
    if (saltBytes.length == 0) {
      throw new IllegalArgumentException("salt is empty");
    }
    if (iterations == null || !iterations.isIntegralNumber() || !iterations.canConvertToInt()) {
      throw new IllegalArgumentException("iterations is missing or not an integer");
    }
    int n = iterations.intValue();
    if (n <= 0) {
      throw new IllegalArgumentException("iterations must be positive, found " + n);
    }
    if (n > MAX_ITERATIONS) {
      throw new IllegalArgumentException("iterations " + n + " exceeds " + MAX_ITERATIONS);
    }
    if (hash == null || !hash.isString() || !HASH_FUNCTIONS.contains(hash.stringValue())) {
      throw new IllegalArgumentException("hash_function must be sha256 or sha512");
    }
    if (length == null || !length.isIntegralNumber() || !length.canConvertToInt()
        || !Set.of(16, 24, 32).contains(length.intValue())) {
      throw new IllegalArgumentException("key_length must be 16, 24 or 32");
    }
    return new Pbkdf2Metadata(saltBytes, n, hash.stringValue(), length.intValue());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pbkdf2Metadata m && Arrays.equals(salt, m.salt)
        && iterations == m.iterations && hashFunction.equals(m.hashFunction)
        && keyLength == m.keyLength;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(salt) * 31 + iterations;
  }

  @Override
  public String toString() {
    return "Pbkdf2Metadata[salt=" + salt.length + " bytes, iterations=" + iterations
        + ", hash_function=" + hashFunction + ", key_length=" + keyLength + "]";
  }
}
