package dev.gitopsjava.secrets.sops;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * SOPS's value cipher ({@code aes/cipher.go}): AES-256-GCM with a 32-byte IV, a 16-byte tag and the
 * value's path as additional data. Empty strings and comments are left as they are.
 *
 * <p>Keeps SOPS's IV "stash": values decrypted with this cipher remember their IV, so re-encrypting
 * an unchanged value at the same path gives the same ciphertext (small Git diffs). An IV is reused
 * only for the identical (path, type, plaintext) triple under the same data key.
 */
final class ValueCipher {
  static final int IV_LENGTH = 32;
  private static final int TAG_BITS = 128;

  private final DataKey key;
  private final SecureRandom random;
  private final Map<StashKey, byte[]> stash = new HashMap<>();

  ValueCipher(DataKey key, SecureRandom random) {
    this.key = Objects.requireNonNull(key, "key");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Encrypts a scalar; empty strings stay empty, as in SOPS. */
  String encrypt(TreeScalar value, String aad) {
    if (value.type() == ScalarType.NULL) {
      throw new IllegalArgumentException("null values are never encrypted");
    }
    if (value.text().isEmpty()) {
      return "";
    }
    return encrypt(value.plaintextBytes(), value.type().tag(), aad);
  }

  /** Encrypts a comment's text; an empty comment stays empty. */
  String encrypt(TreeComment comment, String aad) {
    if (comment.text().isEmpty()) {
      return "";
    }
    return encrypt(comment.text().getBytes(StandardCharsets.UTF_8), "comment", aad);
  }

  /** Encrypts raw bytes with {@code aad}, as SOPS encrypts the MAC. */
  String encrypt(byte[] plaintext, String type, String aad) {
    StashKey sk = new StashKey(aad, type, ByteBuffer.wrap(plaintext.clone()));
    byte[] iv = stash.get(sk);
    if (iv == null) {
      iv = new byte[IV_LENGTH];
      random.nextBytes(iv);
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      byte[] out = c.doFinal(plaintext);
      int tagLen = TAG_BITS / 8;
      byte[] data = Arrays.copyOf(out, out.length - tagLen);
      byte[] tag = Arrays.copyOfRange(out, out.length - tagLen, out.length);
      return new EncryptedValue(data, iv, tag, type).format();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts an {@code ENC[...]} value at {@code aad} to the typed scalar it was made from; an empty
   * string stays empty.
   *
   * @throws SopsFormatException if {@code enc} is not a SOPS value or its type is unknown
   * @throws SopsIntegrityException if authentication fails (tampered, moved, or another key)
   */
  TreeValue decrypt(String enc, String aad) {
    if (enc.isEmpty()) {
      return TreeScalar.str("");
    }
    EncryptedValue v = EncryptedValue.parse(enc).orElseThrow(
        () -> new SopsFormatException("value at " + aad + " is not a SOPS encrypted value"));
    byte[] plaintext = decryptBytes(v, aad);
    try {
      return typed(v.type(), plaintext, aad);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Decrypts and authenticates, returning the raw plaintext (the caller zeroes it). */
  byte[] decryptBytes(EncryptedValue v, String aad) {
    if (v.iv().length == 0 || v.tag().length != TAG_BITS / 8) {
      throw new SopsFormatException("value at " + aad + " has a malformed iv or tag");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key.aesKey(), new GCMParameterSpec(TAG_BITS, v.iv()));
      c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
      c.update(v.data());
      byte[] plaintext = c.doFinal(v.tag());
      stash.put(new StashKey(aad, v.type(), ByteBuffer.wrap(plaintext.clone())), v.iv().clone());
      return plaintext;
    } catch (AEADBadTagException e) {
      throw new SopsIntegrityException(aad, "value at " + aad
          + " failed authentication: the file was modified, or the value was moved or renamed");
    } catch (GeneralSecurityException e) {
      throw new SopsFormatException("value at " + aad + " could not be decrypted: " + e.getMessage(), e);
    }
  }

  private static TreeValue typed(String type, byte[] plaintext, String aad) {
    switch (type) {
      case "str":
        return utf8(plaintext).map(TreeScalar::str)
            .orElseGet(() -> new TreeScalar(ScalarType.BYTES, latin1(plaintext)));
      case "comment":
        return new TreeComment(new String(plaintext, StandardCharsets.UTF_8));
      case "bytes":
        return new TreeScalar(ScalarType.BYTES, latin1(plaintext));
      case "int": {
        OptionalLong l = GoNumbers.parseDecimalInt(ascii(plaintext));
        if (l.isEmpty()) {
          throw new SopsFormatException("value at " + aad + " has type int but is not an integer");
        }
        return new TreeScalar(ScalarType.INT, Long.toString(l.getAsLong()));
      }
      case "float": {
        OptionalDouble d = GoNumbers.parseFloat(ascii(plaintext));
        if (d.isEmpty()) {
          throw new SopsFormatException("value at " + aad + " has type float but is not a number");
        }
        return new TreeScalar(ScalarType.FLOAT, GoNumbers.formatFloat(d.getAsDouble()));
      }
      case "bool": {
        Boolean b = GoNumbers.parseBool(ascii(plaintext)).orElseThrow(() ->
            new SopsFormatException("value at " + aad + " has type bool but is not a boolean"));
        return TreeScalar.bool(b);
      }
      case "time": {
        String text = ascii(plaintext);
        try {
          OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
          throw new SopsFormatException("value at " + aad + " has type time but is not RFC 3339");
        }
        return new TreeScalar(ScalarType.TIME, text);
      }
      default:
        throw new SopsFormatException("value at " + aad + " has unknown type '" + printable(type) + "'");
    }
  }

  private static Optional<String> utf8(byte[] b) {
    try {
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** A type tag is not secret, but it comes from the input: keep messages one short line. */
  static String printable(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private record StashKey(String aad, String type, ByteBuffer plaintext) {}
}
