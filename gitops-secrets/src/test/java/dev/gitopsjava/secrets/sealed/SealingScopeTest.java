package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealingScopeTest {

  @Test
  void labelsFollowTheControllerCode() {
    assertEquals("ns/name", new String(SealingScope.STRICT.label("ns", "name"), StandardCharsets.UTF_8));
    assertEquals("ns", new String(SealingScope.NAMESPACE_WIDE.label("ns", "name"), StandardCharsets.UTF_8));
    assertEquals(0, SealingScope.CLUSTER_WIDE.label("ns", "name").length);
  }

  @Test
  void clusterWideAnnotationWinsAndOnlyExactTrueCounts() {
    assertEquals(SealingScope.CLUSTER_WIDE, SealingScope.fromAnnotations(Map.of(
        SealingScope.NAMESPACE_WIDE_ANNOTATION, "true", SealingScope.CLUSTER_WIDE_ANNOTATION, "true")));
    assertEquals(SealingScope.STRICT, SealingScope.fromAnnotations(Map.of(SealingScope.CLUSTER_WIDE_ANNOTATION, "True")));
    assertEquals(SealingScope.NAMESPACE_WIDE, SealingScope.fromAnnotations(Map.of(SealingScope.NAMESPACE_WIDE_ANNOTATION, "true")));
  }

  @Test
  void parseAcceptsKubesealNamesAndTheEmptyDefault() {
    assertEquals(SealingScope.STRICT, SealingScope.parse(""));
    assertEquals(SealingScope.NAMESPACE_WIDE, SealingScope.parse("namespace-wide"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SealingScope.parse("global"));
    assertTrue(e.getMessage().contains("global") && e.getMessage().contains("cluster-wide"), e.getMessage());
  }
}
