package dev.gitopsjava.secrets.age;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decrypts the STREAM payload chunk by chunk and releases each chunk's plaintext only once its tag
 * verifies, using two fixed 64 KiB buffers whatever the file size.
 *
 * <p>The chunk logic follows the reference reader: a short read is the final chunk (flag 1; empty
 * only when it is the first); a full-length chunk is tried with flag 0, then flag 1 (a full final
 * chunk); bytes after the final chunk, or the end of input before it, fail. Failures are sticky.
 */
final class PayloadDecryptingStream extends InputStream {
  private final InputStream in;
  private final byte[] key;
  private final byte[] ciphertext = new byte[Stream.ENCRYPTED_CHUNK_SIZE];
  private final byte[] plaintext = new byte[Stream.CHUNK_SIZE];
  private int position;
  private int limit;
  private long counter;
  private boolean finalChunkSeen;
  private boolean ended;
  private @Nullable AgePayloadException failure;

  PayloadDecryptingStream(InputStream in, byte[] payloadKey) {
    this.in = in;
    this.key = payloadKey;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (position == limit) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, limit - position);
    System.arraycopy(plaintext, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return limit - position;
  }

  @Override
  public void close() throws IOException {
    java.util.Arrays.fill(plaintext, (byte) 0);
    position = limit = 0;
    ended = true;
    in.close();
  }

  /** Decrypts the next chunk into the buffer; false at a clean end of the payload. */
  private boolean fill() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (ended) {
      return false;
    }
    if (finalChunkSeen) {
      if (in.read() >= 0) {
        throw fail("trailing data after the final chunk");
      }
      ended = true;
      return false;
    }
    int n = in.readNBytes(ciphertext, 0, ciphertext.length);
    if (n < Stream.ENCRYPTED_CHUNK_SIZE) {
      if (n < ChaChaPoly.TAG_SIZE) {
        throw fail(counter == 0 && n == 0 ? "no payload chunks" : "the final chunk is missing"
            + " or truncated");
      }
      if (n == ChaChaPoly.TAG_SIZE && counter > 0) {
        throw fail("the final chunk is empty, allowed only when the whole payload is empty");
      }
      limit = open(n, true).orElseThrow(() -> fail("chunk " + counter + " failed authentication"));
      finalChunkSeen = true;
    } else {
      Optional<Integer> opened = open(n, false);
      if (opened.isEmpty()) {
        opened = open(n, true);
        finalChunkSeen = opened.isPresent();
      }
      limit = opened.orElseThrow(() -> fail("chunk " + counter + " failed authentication"));
    }
    position = 0;
    counter++;
    return true;
  }

  private Optional<Integer> open(int length, boolean last) {
    return ChaChaPoly.open(key, Stream.chunkNonce(counter, last), ciphertext, 0, length, plaintext);
  }

  private AgePayloadException fail(String reason) {
    position = limit = 0;
    failure = new AgePayloadException("age payload damaged: " + reason);
    return failure;
  }
}
