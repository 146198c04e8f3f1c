package dev.gitopsjava.secrets.age;

/**
 * Constants and nonce layout of age's STREAM payload: 64 KiB chunks, each sealed with
 * ChaCha20-Poly1305 under a nonce of an 11-byte big-endian chunk counter and a last-chunk flag.
 */
final class Stream {
  static final int CHUNK_SIZE = 64 * 1024;
  static final int ENCRYPTED_CHUNK_SIZE = CHUNK_SIZE + ChaChaPoly.TAG_SIZE;
  static final int NONCE_SIZE = 16;

  private Stream() {}

  static byte[] payloadKey(byte[] fileKey, byte[] nonce) {
    return Hkdf.sha256(fileKey, nonce, "payload", 32);
  }

  static byte[] chunkNonce(long counter, boolean last) {
    byte[] nonce = new byte[12];
    for (int i = 0; i < 8; i++) {
      nonce[10 - i] = (byte) (counter >>> (8 * i));
    }
    nonce[11] = (byte) (last ? 1 : 0);
    return nonce;
  }
}
