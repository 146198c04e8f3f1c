package dev.gitopsjava.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fuzzes the parsers of annotation values that come from Git (untrusted): the sync wave, the
 * sync-options list and the hook annotations. A plain {@code mvn test} replays the inputs under
 * {@code src/test/resources/.../AnnotationParsersFuzzTestInputs}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class AnnotationParsersFuzzTest {
  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
  private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final Set<String> HOOK_TYPES = Set.of("PreSync", "Sync", "PostSync", "SyncFail", "Skip",
      "PreDelete", "PostDelete");

  @FuzzTest
  void syncWave(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    OptionalInt wave = SyncWaveAnnotation.parse(text);
    if (DECIMAL.matcher(text).matches()) {
      // Reference: arbitrary precision, clamped to int.
      assertEquals(OptionalInt.of(new BigInteger(text).max(MIN).min(MAX).intValueExact()), wave, text);
    } else {
      assertEquals(OptionalInt.empty(), wave, text);
    }
    // The Helm weight is the fallback only when the wave does not parse.
    int fromAnnotations = SyncWaveAnnotation.of(Map.of(SyncWaveAnnotation.ANNOTATION, text,
        SyncWaveAnnotation.HELM_WEIGHT, "7"));
    assertEquals(wave.orElse(7), fromAnnotations);
  }

  @FuzzTest
  void syncOptions(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ResourceSyncOptions options = ResourceSyncOptions.parse(text);
    Set<String> seen = new HashSet<>();
    for (String item : options.items()) {
      assertFalse(item.isEmpty());
      assertFalse(item.contains(","), item);
      assertEquals(item.strip(), item);
      assertTrue(seen.add(item), "duplicate " + item);
    }
    // Every non-blank comma-separated piece is an item, trimmed.
    for (String piece : text.split(",", -1)) {
      if (!piece.isBlank()) {
        assertTrue(options.has(piece.strip()), piece);
      }
    }
    assertEquals(options.has(ResourceSyncOptions.PRUNE_FALSE),
        List.of(text.split(",", -1)).stream().anyMatch(p -> p.strip().equals(ResourceSyncOptions.PRUNE_FALSE)));
  }

  @FuzzTest
  void hookAnnotations(FuzzedDataProvider data) {
    Map<String, String> annotations = new HashMap<>();
    if (data.consumeBoolean()) {
      annotations.put(SyncHook.ANNOTATION, data.consumeString(64));
    }
    if (data.consumeBoolean()) {
      annotations.put(SyncHook.HELM_ANNOTATION, data.consumeRemainingAsString());
    }
    SyncHook hook = SyncHook.of(annotations);
    assertFalse(hook.hook() && hook.skip(), "a skipped resource is not a hook");
    assertTrue(HOOK_TYPES.containsAll(hook.types()), hook.types()::toString);
    assertEquals(new HashSet<>(hook.types()).size(), hook.types().size(), "types are distinct");
    List<SyncPhase> phases = hook.phases();
    if (hook.skip()) {
      assertEquals(List.of(), phases);
    } else if (!hook.hook()) {
      assertEquals(List.of(SyncPhase.SYNC), phases);
    } else {
      for (SyncPhase p : phases) {
        assertTrue(hook.types().contains(p.annotationValue()), p::toString);
      }
    }
    if (annotations.isEmpty()) {
      assertFalse(hook.hook());
      assertFalse(hook.skip());
    }
  }
}
