package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/** The quantity parser reads values from manifests and live objects: never throws, canonical form is stable. */
class QuantityFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void canonicalFormIsStable(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Optional<String> canonical = Quantity.canonical(text);
    if (canonical.isEmpty()) {
      assertTrue(!Quantity.sameQuantity(text, text + "x") || text.equals(text + "x"));
      return;
    }
    String c = canonical.get();
    assertEquals(canonical, Quantity.canonical(c), "canonical form of " + text);
    assertTrue(Quantity.sameQuantity(text, c));
    assertTrue(Quantity.sameQuantity(c, text));
  }
}
