package dev.gitopsjava.secrets.sops;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Go's number text, which SOPS encrypts and hashes: {@code strconv.FormatFloat(v, 'f', -1, 64)}
 * (shortest digits that round-trip, never an exponent), {@code strconv.Atoi}, {@code ParseFloat},
 * {@code ParseBool}. Java's {@code Double.toString} is not always shortest before JDK 19, so the
 * shortest digits are searched explicitly.
 */
final class GoNumbers {
  private GoNumbers() {}

  /** {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
  static String formatFloat(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal exact = new BigDecimal(v);
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == v) {
        return rounded.stripTrailingZeros().toPlainString();
      }
    }
    return exact.stripTrailingZeros().toPlainString();
  }

  /** {@code strconv.ParseFloat(s, 64)} for the forms SOPS writes and YAML floats; empty if invalid. */
  static OptionalDouble parseFloat(String s) {
    String t = s;
    String lower = t.toLowerCase(Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean negative = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (unsigned.equals("nan") && !lower.startsWith("+") && !negative) {
      return OptionalDouble.of(Double.NaN);
    }
    if (!t.matches("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?")) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** {@code strconv.Atoi} on a 64-bit platform: optional sign, decimal digits, fits int64. */
  static OptionalLong parseDecimalInt(String s) {
    if (!s.matches("[-+]?\\d+")) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * {@code strconv.ParseInt(s, 0, 64)}: sign, then {@code 0x}, {@code 0o}, {@code 0b} or a leading
   * {@code 0} (octal) prefix, else decimal.
   */
  static OptionalLong parseIntBaseZero(String s) {
    if (s.isEmpty()) {
      return OptionalLong.empty();
    }
    boolean negative = s.charAt(0) == '-';
    String body = s.charAt(0) == '-' || s.charAt(0) == '+' ? s.substring(1) : s;
    int radix = 10;
    String digits = body;
    String lower = body.toLowerCase(Locale.ROOT);
    if (lower.startsWith("0x")) {
      radix = 16;
      digits = body.substring(2);
    } else if (lower.startsWith("0o")) {
      radix = 8;
      digits = body.substring(2);
    } else if (lower.startsWith("0b")) {
      radix = 2;
      digits = body.substring(2);
    } else if (body.length() > 1 && body.charAt(0) == '0') {
      radix = 8;
      digits = body.substring(1);
    }
    if (digits.isEmpty() || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
      return OptionalLong.empty();
    }
    try {
      BigInteger v = new BigInteger(digits, radix);
      if (negative) {
        v = v.negate();
      }
      return v.bitLength() <= 63 ? OptionalLong.of(v.longValue()) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** {@code strconv.ParseBool}; empty if invalid. */
  static Optional<Boolean> parseBool(String s) {
    switch (s) {
      case "1", "t", "T", "TRUE", "true", "True":
        return Optional.of(Boolean.TRUE);
      case "0", "f", "F", "FALSE", "false", "False":
        return Optional.of(Boolean.FALSE);
      default:
        return Optional.empty();
    }
  }
}
