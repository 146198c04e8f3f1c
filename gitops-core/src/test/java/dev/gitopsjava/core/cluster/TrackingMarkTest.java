package dev.gitopsjava.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import org.junit.jupiter.api.Test;

class TrackingMarkTest {

  private static final Manifest DEPLOYMENT = Manifest.parse("""
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: payment-api, namespace: payments}
      """);

  @Test
  void markNamesTheApplicationAndTheObjectInArgoCdFormat() {
    Manifest marked = TrackingMark.of("payment-api").applyTo(DEPLOYMENT);
    assertEquals("payment-api:apps/Deployment:payments/payment-api",
        marked.annotation(TrackingMark.ANNOTATION).orElseThrow());
    assertEquals("payment-api", marked.label(TrackingMark.LABEL).orElseThrow());
  }

  @Test
  void coreGroupAndClusterScopedObjectsUseEmptySegments() {
    Manifest ns = Manifest.parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n");
    assertEquals("app:/Namespace:/payments", TrackingMark.of("app").trackingId(ns.key()));
  }

  @Test
  void ownsOnlyObjectsMarkedByThisApplication() {
    TrackingMark mark = TrackingMark.of("payment-api");
    assertTrue(mark.owns(mark.applyTo(DEPLOYMENT)));
    assertFalse(TrackingMark.of("other").owns(mark.applyTo(DEPLOYMENT)));
    assertFalse(mark.owns(DEPLOYMENT), "no mark, not ours");
  }

  @Test
  void aCopiedMarkOnAnotherObjectDoesNotCount() {
    TrackingMark mark = TrackingMark.of("payment-api");
    String copied = mark.applyTo(DEPLOYMENT).annotation(TrackingMark.ANNOTATION).orElseThrow();
    // An operator copied the parent's annotations and labels to a ReplicaSet it created.
    Manifest child = Manifest.parse("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: payment-api-5d8f, namespace: payments}
        """).withAnnotation(TrackingMark.ANNOTATION, copied).withLabel(TrackingMark.LABEL, "payment-api");
    assertFalse(mark.owns(child));
  }

  @Test
  void theLabelAloneDoesNotMakeAnObjectOurs() {
    Manifest labelOnly = DEPLOYMENT.withLabel(TrackingMark.LABEL, "payment-api");
    assertFalse(TrackingMark.of("payment-api").owns(labelOnly));
  }

  @Test
  void longOrUnusualNamesGetAValidLabelValueWithAHash() {
    String longName = "a".repeat(80);
    String label = TrackingMark.of(longName).labelValue();
    assertTrue(label.length() <= 63, label);
    assertTrue(label.matches("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?"), label);
    assertFalse(label.equals(TrackingMark.of("a".repeat(81)).labelValue()), "different names, different labels");
    Manifest marked = TrackingMark.of(longName).applyTo(DEPLOYMENT);
    assertTrue(TrackingMark.of(longName).owns(marked));
    assertFalse(TrackingMark.of("a".repeat(81)).owns(marked));
  }

  @Test
  void namesThatWouldBreakTheAnnotationFormatAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> TrackingMark.of(""));
    assertThrows(IllegalArgumentException.class, () -> TrackingMark.of("a:b"));
    assertThrows(IllegalArgumentException.class, () -> TrackingMark.of("a/b"));
  }
}
