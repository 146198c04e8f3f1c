package dev.gitopsjava.secrets.age;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an age header from a stream, byte by byte, stopping right after the MAC line's newline so
 * the payload nonce is the next byte. Hostile input is bounded: a line may hold at most {@value
 * #MAX_LINE} bytes and the whole header at most {@value #MAX_HEADER} bytes.
 */
final class HeaderParser {
  static final int MAX_LINE = 16 * 1024;
  static final int MAX_HEADER = 1024 * 1024;

  private final InputStream in;
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream(512);

  private HeaderParser(InputStream in) {
    this.in = in;
  }

  /** Parses the header; {@code in} should be buffered, it is read one byte at a time. */
  static Header parse(InputStream in) throws IOException {
    return new HeaderParser(in).parse();
  }

  private Header parse() throws IOException {
    String version = readLine("version line");
    if (!version.equals(Header.VERSION_LINE)) {
      throw new AgeHeaderException("unsupported or malformed version line in age header"
          + " (expected \"" + Header.VERSION_LINE + "\")");
    }
    List<Stanza> stanzas = new ArrayList<>();
    while (true) {
      int lineStart = raw.size();
      String line = readLine("stanza or MAC line");
      if (line.startsWith("---")) {
        return new Header(stanzas, parseMac(line), Arrays.copyOf(raw.toByteArray(), lineStart + 3));
      }
      if (!line.startsWith("->")) {
        throw new AgeHeaderException("malformed age header: after stanza " + stanzas.size()
            + " a line starts neither a stanza (->) nor the MAC line (---)");
      }
      stanzas.add(parseStanza(line, stanzas.size() + 1));
    }
  }

  private static byte[] parseMac(String line) {
    String[] parts = line.split(" ", -1);
    if (parts.length != 2 || !parts[0].equals("---")) {
      throw new AgeHeaderException("malformed age header MAC line");
    }
    byte[] mac = HeaderBase64.decode(parts[1]).orElseThrow(
        () -> new AgeHeaderException("age header MAC is not canonical base64"));
    if (mac.length != 32) {
      throw new AgeHeaderException("age header MAC has " + mac.length + " bytes, expected 32");
    }
    return mac;
  }

  private Stanza parseStanza(String line, int index) throws IOException {
    String[] parts = line.split(" ", -1);
    if (!parts[0].equals("->") || parts.length < 2) {
      throw new AgeHeaderException("malformed age header: stanza " + index + " has no type");
    }
    for (int i = 1; i < parts.length; i++) {
      if (!isValidArgument(parts[i])) {
        throw new AgeHeaderException("malformed age header: stanza " + index
            + " has an empty argument or one with characters outside printable ASCII");
      }
    }
    List<String> args = List.of(parts).subList(2, parts.length);
    ByteArrayOutputStream body = new ByteArrayOutputStream(32);
    while (true) {
      String bodyLine = readLine("stanza body");
      byte[] chunk = HeaderBase64.decode(bodyLine).orElseThrow(() -> new AgeHeaderException(
          "malformed age header: stanza " + index + " body is not canonical unpadded base64"
              + " or ends without a short line"));
      if (chunk.length > Header.BYTES_PER_LINE) {
        throw new AgeHeaderException(
            "malformed age header: stanza " + index + " body line longer than 64 columns");
      }
      body.writeBytes(chunk);
      if (chunk.length < Header.BYTES_PER_LINE) {
        return new Stanza(parts[1], args, body.toByteArray());
      }
    }
  }

  private static boolean isValidArgument(String arg) {
    if (arg.isEmpty()) {
      return false;
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c < 33 || c > 126) {
        return false;
      }
    }
    return true;
  }

  /** One line without its LF; a CR stays in the line (and then fails the syntax checks). */
  private String readLine(String what) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(80);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new AgeHeaderException("age header ends early, in the " + what);
      }
      raw.write(b);
      if (raw.size() > MAX_HEADER) {
        throw new AgeHeaderException("age header longer than " + MAX_HEADER + " bytes");
      }
      if (b == '\n') {
        // ISO-8859-1 maps every byte to one char, so non-ASCII bytes fail the checks, not decoding.
        return line.toString(StandardCharsets.ISO_8859_1);
      }
      if (line.size() >= MAX_LINE) {
        throw new AgeHeaderException("age header line longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
  }
}
