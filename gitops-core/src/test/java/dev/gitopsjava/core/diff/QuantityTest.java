package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTest {

  @ParameterizedTest
  @CsvSource({
      "0.2, 200m", "200m, 200m", "1000m, 1", "1, 1", "1.5, 1500m", "2000, 2k", "1500, 1500",
      "1Gi, 1Gi", "1024Mi, 1Gi", "1.5Gi, 1536Mi", "0.5Ki, 512", "1Ki, 1Ki", "1e3, 1e3", "1000000, 1M",
      "0.0001, 100u", "0.1m, 100u", "1n, 1n", "0.1n, 1n", "-1m, -1m", "+5, 5", "0, 0", "0Gi, 0", "12e-3, 12e-3", "5., 5"
  })
  void canonicalFormMatchesTheApiServer(String in, String expected) {
    assertEquals(Optional.of(expected), Quantity.canonical(in));
  }

  @ParameterizedTest
  @CsvSource({"abc", "''", "1.2.3", "1Zi", "1e", "e3", "1 Gi", ".", "1e1000"})
  void invalidTextIsNotAQuantity(String in) {
    assertEquals(Optional.empty(), Quantity.canonical(in));
  }

  @ParameterizedTest
  @CsvSource({"1000m, 1", "1Gi, 1024Mi", "0.5, 500m", "1k, 1000"})
  void equalQuantities(String a, String b) {
    assertTrue(Quantity.sameQuantity(a, b));
  }

  @ParameterizedTest
  @CsvSource({"1G, 1Gi", "1, 1001m", "invalid, 1"})
  void differentQuantities(String a, String b) {
    assertFalse(Quantity.sameQuantity(a, b));
  }
}
