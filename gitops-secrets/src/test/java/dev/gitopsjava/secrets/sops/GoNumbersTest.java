package dev.gitopsjava.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Number text exactly as Go's strconv writes it: these bytes are what SOPS encrypts and hashes. */
class GoNumbersTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "25.4, 25.4",
      "1234568000, 1234568000",
      "1.234568e9, 1234568000",
      "1e21, 1000000000000000000000",
      "0.1, 0.1",
      "2.0, 2",
      "-0.5, -0.5",
      "1e-7, 0.0000001",
      "2.82879384806159E17, 282879384806159000",
      "0.30000000000000004, 0.30000000000000004",
      "-0.0, -0"})
  void formatsFloatsLikeGoFormatFloatF(double value, String expected) {
    assertEquals(expected, GoNumbers.formatFloat(value));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0x1F, 31", "0o17, 15", "0755, 493", "-0b101, -5", "+42, 42", "0, 0"})
  void parsesIntsLikeParseIntBaseZero(String text, long expected) {
    assertEquals(expected, GoNumbers.parseIntBaseZero(text).orElseThrow());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"08", "0x", "9223372036854775808", "1.5", "abc"})
  void rejectsWhatParseIntRejects(String text) {
    assertTrue(GoNumbers.parseIntBaseZero(text).isEmpty());
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "yes, str, yes",
      "on, str, on",
      "True, bool, True",
      "FALSE, bool, False",
      "~, null, ''",
      "null, null, ''",
      "0755, int, 493",
      "1_000, int, 1000",
      "08, float, 8",
      ".5, float, 0.5",
      "1e3, float, 1000",
      ".inf, float, +Inf",
      "2024-01-01, str, 2024-01-01",
      "1.2.3, str, 1.2.3",
      "-, str, -"})
  void typesPlainYamlScalarsLikeGoYamlV3(String text, String type, String canonical) {
    TreeScalar s = GoYamlScalars.resolvePlain(text);
    assertEquals(type, s.type() == ScalarType.NULL ? "null" : s.type().tag());
    assertEquals(canonical, s.text());
  }
}
