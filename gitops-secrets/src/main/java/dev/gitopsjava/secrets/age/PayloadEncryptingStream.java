package dev.gitopsjava.secrets.age;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Encrypts the STREAM payload in 64 KiB chunks. A full chunk is held back until more data arrives,
 * because only {@link #close()} knows which chunk is final: a payload that is an exact multiple of
 * 64 KiB ends with a full final chunk, and an empty payload is a single empty final chunk.
 *
 * <p>Closing finishes the age file and closes the sink only when it is this package's own armor
 * writer; the caller's stream stays open, as with the reference {@code age.Encrypt}.
 */
final class PayloadEncryptingStream extends OutputStream {
  private final OutputStream sink;
  private final boolean closeSink;
  private final byte[] key;
  private final byte[] buffer = new byte[Stream.CHUNK_SIZE];
  private int buffered;
  private long counter;
  private boolean closed;

  PayloadEncryptingStream(OutputStream sink, boolean closeSink, byte[] payloadKey) {
    this.sink = sink;
    this.closeSink = closeSink;
    this.key = payloadKey;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("age encryption stream already closed");
    }
    while (len > 0) {
      if (buffered == buffer.length) {
        writeChunk(false);
      }
      int n = Math.min(len, buffer.length - buffered);
      System.arraycopy(b, off, buffer, buffered, n);
      buffered += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    sink.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writeChunk(true);
    Arrays.fill(buffer, (byte) 0);
    if (closeSink) {
      sink.close();
    } else {
      sink.flush();
    }
  }

  private void writeChunk(boolean last) throws IOException {
    sink.write(ChaChaPoly.seal(key, Stream.chunkNonce(counter, last), buffer, 0, buffered));
    counter++;
    buffered = 0;
  }
}
