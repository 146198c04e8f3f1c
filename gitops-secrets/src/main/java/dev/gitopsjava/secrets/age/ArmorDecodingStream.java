package dev.gitopsjava.secrets.age;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Strict reader of age's ASCII armor, one line at a time, as the reference {@code armor} package
 * reads it: at most 1024 bytes of whitespace lines before the BEGIN line and of whitespace after
 * the END line; LF or CRLF; every body line 64 columns except a shorter last one (a full last line
 * is allowed); canonical padded base64; no empty lines, headers or trailing data.
 *
 * <p>Errors found after a line was decoded (a bad closing line, trailing data) are raised on the
 * read after that line's bytes, matching the reference reader. Failures are sticky.
 */
final class ArmorDecodingStream extends InputStream {
  static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  static final String END = "-----END AGE ENCRYPTED FILE-----";
  static final int COLUMNS = 64;
  static final int BYTES_PER_LINE = 48;
  private static final int MAX_WHITESPACE = 1024;
  private static final int MAX_LINE = MAX_WHITESPACE + 2;

  private final InputStream in;
  private byte[] decoded = new byte[0];
  private int position;
  private boolean started;
  private boolean ended;
  private @Nullable AgeArmorException pendingFailure;
  private @Nullable AgeArmorException failure;

  ArmorDecodingStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    while (position == decoded.length) {
      if (!fill()) {
        return -1;
      }
    }
    return decoded[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (position == decoded.length) {
      if (!fill()) {
        return -1;
      }
    }
    int n = Math.min(len, decoded.length - position);
    System.arraycopy(decoded, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return decoded.length - position;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private boolean fill() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (pendingFailure != null) {
      failure = pendingFailure;
      throw failure;
    }
    if (ended) {
      return false;
    }
    int skippedWhitespace = 0;
    while (!started) {
      String line = readLine();
      if (isBlank(line)) {
        skippedWhitespace += line.length() + 1;
        if (skippedWhitespace > MAX_WHITESPACE) {
          throw fail("more than " + MAX_WHITESPACE + " bytes of whitespace before the armor");
        }
        continue;
      }
      if (!line.equals(BEGIN)) {
        throw fail("armor does not start with \"" + BEGIN + "\"");
      }
      started = true;
    }
    String line = readLine();
    if (line.equals(END)) {
      drainTrailing();
      ended = true;
      return false;
    }
    byte[] lineBytes = decodeLine(line);
    if (lineBytes.length < BYTES_PER_LINE) {
      // A short line is the last one: the END line must follow. Its bytes are still delivered
      // first; an error found here surfaces on the next read.
      try {
        if (!readLine().equals(END)) {
          throw fail("a short line before the end of the armor body, or no \"" + END + "\" line");
        }
        drainTrailing();
        ended = true;
      } catch (AgeArmorException e) {
        pendingFailure = e;
        failure = null;
      }
    }
    decoded = lineBytes;
    position = 0;
    return true;
  }

  private byte[] decodeLine(String line) {
    if (line.isEmpty()) {
      throw fail("armor has an empty line");
    }
    if (line.length() > COLUMNS) {
      throw fail("armor line longer than " + COLUMNS + " columns");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      throw fail("armor line is not valid base64");
    }
    // Canonical means re-encoding gives the same line: padding present, spare bits zero.
    if (!Base64.getEncoder().encodeToString(bytes).equals(line)) {
      throw fail("armor line is not canonical padded base64");
    }
    return bytes;
  }

  private void drainTrailing() throws IOException {
    byte[] rest = in.readNBytes(MAX_WHITESPACE);
    for (byte b : rest) {
      if (!isWhitespace(b)) {
        throw fail("data after the \"" + END + "\" line");
      }
    }
    if (rest.length == MAX_WHITESPACE) {
      throw fail("more than " + (MAX_WHITESPACE - 1) + " bytes of whitespace after the armor");
    }
  }

  /** A line without its LF and one CR before it; the end of input without a byte is an error. */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(COLUMNS + 2);
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (line.size() == 0) {
          throw fail("armor ends early, without its \"" + END + "\" line");
        }
        break;
      }
      if (b == '\n') {
        break;
      }
      if (line.size() >= MAX_LINE) {
        throw fail("armor line too long");
      }
      line.write(b);
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
  }

  private static boolean isBlank(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (!isWhitespace((byte) line.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == '\f';
  }

  private AgeArmorException fail(String reason) {
    decoded = new byte[0];
    position = 0;
    failure = new AgeArmorException("invalid age armor: " + reason);
    return failure;
  }
}
