package dev.gitopsjava.secrets.age;

import java.util.Optional;

/**
 * The 16-byte file key and how recipients wrap it: ChaCha20-Poly1305 under a single-use wrap key
 * with the zero nonce, so a stanza body is always 32 bytes.
 */
final class FileKey {
  static final int SIZE = 16;
  static final int WRAPPED_SIZE = SIZE + ChaChaPoly.TAG_SIZE;

  private FileKey() {}

  static byte[] wrap(byte[] wrapKey, byte[] fileKey) {
    return ChaChaPoly.seal(wrapKey, ChaChaPoly.ZERO_NONCE, fileKey);
  }

  /**
   * The file key, or empty when the tag does not verify (this identity is not the recipient). A
   * body of the wrong size is a malformed header, checked before any decryption.
   */
  static Optional<byte[]> unwrap(byte[] wrapKey, byte[] body, String stanzaType) {
    if (body.length != WRAPPED_SIZE) {
      throw new AgeHeaderException("malformed " + stanzaType + " stanza: body has " + body.length
          + " bytes, expected " + WRAPPED_SIZE + " (a 16-byte file key and its tag)");
    }
    return ChaChaPoly.open(wrapKey, ChaChaPoly.ZERO_NONCE, body);
  }
}
