package dev.gitopsjava.core.diff;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes resource quantities ({@code 500m}, {@code 1Gi}, {@code 1e3}) in the canonical form
 * the API server stores, so that {@code 1000m == 1}, {@code 0.2 == 200m} and
 * {@code 1Gi == 1024Mi}. Follows k8s.io/apimachinery's {@code resource.Quantity}: values are kept
 * to nano precision (rounded up), the suffix family of the input is kept, binary values under
 * 1024 or with a fraction are shown in decimal SI.
 */
final class Quantity {
  // Bounds the work on hostile input; real quantities are a few characters long.
  private static final int MAX_LENGTH = 10_000;
  private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
  private static final BigInteger K1024 = BigInteger.valueOf(1024);
  private static final BigDecimal BIN_LIMIT = BigDecimal.valueOf(1024);

  // Canonical forms already computed: a cluster uses few distinct quantity texts, and parsing
  // one costs more than a whole in-sync check of a small object. Cleared when it fills up.
  private static final int MEMO_LIMIT = 4096;
  private static final int MEMO_MAX_TEXT = 64;
  private static final ConcurrentHashMap<String, Optional<String>> MEMO = new ConcurrentHashMap<>();

  private enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

  private Quantity() {}

  /** True when both texts are the same quantity; false when either is not a quantity and they differ. */
  static boolean sameQuantity(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    Optional<String> ca = canonical(a);
    return ca.isPresent() && ca.equals(canonical(b));
  }

  /** The canonical text of {@code text}, or empty when it is not a valid quantity. */
  static Optional<String> canonical(String text) {
    if (text.length() > MEMO_MAX_TEXT) {
      return parse(text);
    }
    Optional<String> known = MEMO.get(text);
    if (known == null) {
      known = parse(text);
      if (MEMO.size() >= MEMO_LIMIT) {
        MEMO.clear();
      }
      MEMO.put(text, known);
    }
    return known;
  }

  private static Optional<String> parse(String text) {
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int i = 0;
    int n = text.length();
    boolean negative = false;
    char c0 = text.charAt(0);
    if (c0 == '+' || c0 == '-') {
      negative = c0 == '-';
      i++;
    }
    int numberStart = i;
    boolean digits = false;
    boolean dot = false;
    while (i < n) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digits = true;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
      i++;
    }
    if (!digits) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(text.substring(numberStart, i));
    String suffix = text.substring(i);
    Format format;
    switch (suffix) {
      case "" -> format = Format.DECIMAL_SI;
      case "n" -> { value = value.movePointLeft(9); format = Format.DECIMAL_SI; }
      case "u" -> { value = value.movePointLeft(6); format = Format.DECIMAL_SI; }
      case "m" -> { value = value.movePointLeft(3); format = Format.DECIMAL_SI; }
      case "k" -> { value = value.movePointRight(3); format = Format.DECIMAL_SI; }
      case "M" -> { value = value.movePointRight(6); format = Format.DECIMAL_SI; }
      case "G" -> { value = value.movePointRight(9); format = Format.DECIMAL_SI; }
      case "T" -> { value = value.movePointRight(12); format = Format.DECIMAL_SI; }
      case "P" -> { value = value.movePointRight(15); format = Format.DECIMAL_SI; }
      case "E" -> { value = value.movePointRight(18); format = Format.DECIMAL_SI; }
      case "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" -> {
        int power = indexOf(suffix);
        value = value.multiply(new BigDecimal(K1024.pow(power)));
        format = Format.BINARY_SI;
      }
      default -> {
        char e = suffix.charAt(0);
        if (e != 'e' && e != 'E' || suffix.length() < 2) {
          return Optional.empty();
        }
        String exp = suffix.substring(1);
        if (!exp.matches("[+-]?[0-9]{1,3}")) {
          return Optional.empty();
        }
        int exponent = Integer.parseInt(exp);
        if (Math.abs(exponent) > 100) {
          return Optional.empty();
        }
        value = value.movePointRight(exponent);
        format = Format.DECIMAL_EXPONENT;
      }
    }
    if (negative) {
      value = value.negate();
    }
    return Optional.of(format(value, format));
  }

  private static int indexOf(String binarySuffix) {
    for (int p = 0; p < BINARY.length; p++) {
      if (BINARY[p].equals(binarySuffix)) {
        return p;
      }
    }
    throw new IllegalArgumentException(binarySuffix);
  }

  private static String format(BigDecimal raw, Format requested) {
    // Nano precision, rounded away from zero as the API server does.
    BigDecimal value = raw.setScale(9, RoundingMode.UP).stripTrailingZeros();
    if (value.signum() == 0) {
      return "0";
    }
    Format format = requested;
    if (format == Format.BINARY_SI
        && (value.abs().compareTo(BIN_LIMIT) < 0 || value.scale() > 0)) {
      format = Format.DECIMAL_SI;
    }
    if (format == Format.BINARY_SI) {
      BigInteger v = value.toBigIntegerExact();
      int power = 0;
      while (power < BINARY.length - 1) {
        BigInteger[] qr = v.divideAndRemainder(K1024);
        if (qr[1].signum() != 0 || qr[0].signum() == 0) {
          break;
        }
        v = qr[0];
        power++;
      }
      return v + BINARY[power];
    }
    // value = unscaled * 10^-scale; choose an exponent that is a multiple of 3 and keeps the
    // mantissa an integer.
    BigInteger unscaled = value.unscaledValue();
    int exponent = -value.scale();
    int rounded = Math.floorDiv(exponent, 3) * 3;
    if (format == Format.DECIMAL_SI) {
      rounded = Math.max(-9, Math.min(18, rounded));
    }
    BigInteger mantissa = unscaled.multiply(BigInteger.TEN.pow(exponent - rounded));
    return mantissa + suffix(rounded, format);
  }

  private static String suffix(int exponent, Format format) {
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? "" : "e" + exponent;
    }
    return switch (exponent) {
      case -9 -> "n";
      case -6 -> "u";
      case -3 -> "m";
      case 0 -> "";
      case 3 -> "k";
      case 6 -> "M";
      case 9 -> "G";
      case 12 -> "T";
      case 15 -> "P";
      case 18 -> "E";
      default -> throw new IllegalStateException("exponent " + exponent);
    };
  }
}
