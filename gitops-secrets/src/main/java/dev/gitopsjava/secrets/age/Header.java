package dev.gitopsjava.secrets.age;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A parsed age header: its stanzas, its MAC, and the exact bytes the MAC covers (from the version
 * line through the {@code ---} of the MAC line). The parser is strict and canonical, so the bytes
 * read are the bytes the reference implementation would re-serialize.
 */
record Header(List<Stanza> stanzas, byte[] mac, byte[] macInput) {
  static final String VERSION_LINE = "age-encryption.org/v1";
  static final int BYTES_PER_LINE = 48;

  Header {
    stanzas = List.copyOf(stanzas);
  }

  /** The header bytes up to and including {@code ---}: what the MAC covers. */
  static byte[] serializeForMac(List<Stanza> stanzas) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(out, VERSION_LINE + "\n");
    for (Stanza s : stanzas) {
      StringBuilder line = new StringBuilder("-> ").append(s.type());
      for (String arg : s.args()) {
        line.append(' ').append(arg);
      }
      write(out, line.append('\n').toString());
      String body = HeaderBase64.encode(s.body());
      // Full lines of 64 columns, then always one shorter line (empty when the body fills them).
      int i = 0;
      for (; i + 64 <= body.length(); i += 64) {
        write(out, body.substring(i, i + 64) + "\n");
      }
      write(out, body.substring(i) + "\n");
    }
    write(out, "---");
    return out.toByteArray();
  }

  /** The complete header: {@link #serializeForMac} then a space, the MAC and a newline. */
  static byte[] serialize(byte[] macInput, byte[] mac) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(macInput.length + 48);
    out.writeBytes(macInput);
    write(out, " " + HeaderBase64.encode(mac) + "\n");
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "Header[" + stanzas + "]";
  }
}
