package dev.gitopsjava.secrets.age;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes age's ASCII armor: the BEGIN line, padded base64 in 64-column lines, the END line, all
 * with LF. Closing writes the END line and flushes, but leaves the caller's stream open.
 */
final class ArmorEncodingStream extends OutputStream {
  private final OutputStream out;
  private final CountingStream counter;
  private final OutputStream base64;
  private boolean closed;

  ArmorEncodingStream(OutputStream out) throws IOException {
    this.out = out;
    out.write((ArmorDecodingStream.BEGIN + "\n").getBytes(StandardCharsets.US_ASCII));
    this.counter = new CountingStream(out);
    this.base64 = Base64.getMimeEncoder(ArmorDecodingStream.COLUMNS, new byte[] {'\n'})
        .wrap(counter);
  }

  @Override
  public void write(int b) throws IOException {
    base64.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    base64.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    base64.close(); // writes the last group with padding; CountingStream keeps `out` open
    StringBuilder tail = new StringBuilder();
    if (counter.count > 0) {
      tail.append('\n'); // the encoder separates lines but does not end the last one
    }
    tail.append(ArmorDecodingStream.END).append('\n');
    out.write(tail.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Counts bytes written and ignores close, so the caller's stream stays open. */
  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }

    @Override
    public void close() {
      // The armor writer owns the END line; the caller owns the stream.
    }
  }
}
