package dev.gitopsjava.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import org.junit.jupiter.api.Test;

class LastAppliedConfigurationTest {

  @Test
  void recordsTheDesiredObjectWithoutItselfAndWithoutStatus() {
    Manifest desired = Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm, namespace: ns, annotations: {team: payments}}
        data: {a: "1"}
        status: {ignored: true}
        """);
    Manifest recorded = LastAppliedConfiguration.record(desired);
    Manifest back = LastAppliedConfiguration.read(recorded).orElseThrow();
    assertEquals("1", back.tree().path("data").path("a").asString());
    assertEquals("payments", back.annotation("team").orElseThrow());
    assertTrue(back.annotation(LastAppliedConfiguration.ANNOTATION).isEmpty());
    assertTrue(back.tree().path("status").isMissingNode());

    Manifest again = LastAppliedConfiguration.record(recorded);
    assertEquals(recorded.annotation(LastAppliedConfiguration.ANNOTATION),
        again.annotation(LastAppliedConfiguration.ANNOTATION), "recording twice does not nest");
  }

  @Test
  void anUnparsableAnnotationReadsAsAbsent() {
    Manifest live = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\n")
        .withAnnotation(LastAppliedConfiguration.ANNOTATION, "{not json");
    assertFalse(LastAppliedConfiguration.read(live).isPresent());
  }
}
