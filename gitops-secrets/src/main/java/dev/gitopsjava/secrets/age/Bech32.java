package dev.gitopsjava.secrets.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * BIP-173 Bech32 (not Bech32m), as age uses it for keys: no 90-character limit (post-quantum
 * recipients are about 1,960 characters long) and the human-readable part keeps its case, because
 * age compares it case-sensitively ({@code age} for recipients, {@code AGE-SECRET-KEY-} for
 * identities).
 */
final class Bech32 {
  private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

  /** A decoded string: the human-readable part as written, and the data bytes. */
  record Decoded(String hrp, byte[] data) {}

  private Bech32() {}

  /** Encodes in lower case; callers upper-case the result for identities. */
  static String encode(String hrp, byte[] data) {
    String lowerHrp = hrp.toLowerCase(Locale.ROOT);
    byte[] values = convertBits(data, 8, 5, true).orElseThrow();
    byte[] checksum = checksum(lowerHrp, values);
    StringBuilder sb = new StringBuilder(lowerHrp.length() + 1 + values.length + 6);
    sb.append(lowerHrp).append('1');
    for (byte v : values) {
      sb.append(CHARSET.charAt(v));
    }
    for (byte v : checksum) {
      sb.append(CHARSET.charAt(v));
    }
    return sb.toString();
  }

  /** Decodes a Bech32 string, or returns empty when it is not valid Bech32. */
  static Optional<Decoded> decode(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.equals(s) && !s.toUpperCase(Locale.ROOT).equals(s)) {
      return Optional.empty(); // mixed case
    }
    int pos = s.lastIndexOf('1');
    if (pos < 1 || pos + 7 > s.length()) {
      return Optional.empty();
    }
    String hrp = s.substring(0, pos);
    for (int i = 0; i < hrp.length(); i++) {
      char c = hrp.charAt(i);
      if (c < 33 || c > 126) {
        return Optional.empty();
      }
    }
    byte[] values = new byte[s.length() - pos - 1];
    for (int i = 0; i < values.length; i++) {
      int v = CHARSET.indexOf(lower.charAt(pos + 1 + i));
      if (v < 0) {
        return Optional.empty();
      }
      values[i] = (byte) v;
    }
    if (polymod(expandHrp(lower.substring(0, pos)), values) != 1) {
      return Optional.empty();
    }
    byte[] payload = new byte[values.length - 6];
    System.arraycopy(values, 0, payload, 0, payload.length);
    return convertBits(payload, 5, 8, false).map(data -> new Decoded(hrp, data));
  }

  private static byte[] checksum(String lowerHrp, byte[] values) {
    byte[] withZeros = new byte[values.length + 6];
    System.arraycopy(values, 0, withZeros, 0, values.length);
    int mod = polymod(expandHrp(lowerHrp), withZeros) ^ 1;
    byte[] out = new byte[6];
    for (int i = 0; i < 6; i++) {
      out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
    }
    return out;
  }

  private static byte[] expandHrp(String hrp) {
    byte[] out = new byte[hrp.length() * 2 + 1];
    for (int i = 0; i < hrp.length(); i++) {
      out[i] = (byte) (hrp.charAt(i) >>> 5);
      out[hrp.length() + 1 + i] = (byte) (hrp.charAt(i) & 31);
    }
    return out;
  }

  private static int polymod(byte[] hrpExpanded, byte[] values) {
    int chk = 1;
    for (byte[] part : new byte[][] {hrpExpanded, values}) {
      for (byte v : part) {
        int top = chk >>> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v;
        for (int i = 0; i < 5; i++) {
          if (((top >>> i) & 1) != 0) {
            chk ^= GENERATOR[i];
          }
        }
      }
    }
    return chk;
  }

  private static Optional<byte[]> convertBits(byte[] in, int fromBits, int toBits, boolean pad) {
    int acc = 0;
    int bits = 0;
    int maxv = (1 << toBits) - 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * fromBits / toBits + 1);
    for (byte b : in) {
      int value = b & 0xff;
      if ((value >>> fromBits) != 0) {
        return Optional.empty();
      }
      acc = (acc << fromBits) | value;
      bits += fromBits;
      while (bits >= toBits) {
        bits -= toBits;
        out.write((acc >>> bits) & maxv);
      }
    }
    if (pad) {
      if (bits > 0) {
        out.write((acc << (toBits - bits)) & maxv);
      }
    } else if (bits >= fromBits || ((acc << (toBits - bits)) & maxv) != 0) {
      return Optional.empty();
    }
    return Optional.of(out.toByteArray());
  }
}
