package dev.gitopsjava.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gitopsjava.core.model.Manifest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConditionHealthCheckTest {

  static Manifest certificate(String status) {
    return Manifest.parse("""
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: web, namespace: shop, generation: 2}
        """ + status);
  }

  @Test
  void readyTrueIsHealthyThroughTheAssessor() {
    HealthAssessor health = HealthAssessor.builder()
        .register(ConditionHealthCheck.ready("cert-manager.io", "Certificate")).build();
    Manifest ready = certificate("""
        status:
          observedGeneration: 2
          conditions: [{type: Ready, status: "True", message: "Certificate is up to date"}]
        """);
    assertEquals(Optional.of(HealthStatus.healthy("Certificate is up to date")), health.assess(ready));
    // Without the check, a custom resource has no health at all.
    assertEquals(Optional.empty(), HealthAssessor.builtIn().assess(ready));
  }

  @Test
  void staleGenerationStalledAndNotReady() {
    ConditionHealthCheck check = ConditionHealthCheck.ready("cert-manager.io", "Certificate");
    assertEquals(HealthCode.PROGRESSING, check.assess(certificate("""
        status:
          observedGeneration: 1
          conditions: [{type: Ready, status: "True"}]
        """)).status());
    assertEquals(HealthStatus.degraded("no issuer"), check.assess(certificate("""
        status:
          conditions: [{type: Ready, status: "True"}, {type: Stalled, status: "True", message: "no issuer"}]
        """)));
    assertEquals(HealthStatus.progressing("Waiting for Ready=True"), check.assess(certificate("""
        status:
          conditions: [{type: Ready, status: "False", message: "Issuing"}]
        """)));
    assertEquals(HealthStatus.progressing("Waiting for Ready=True"), check.assess(certificate("")));
  }

  @Test
  void rulesApplyInOrderAndReasonNarrowsARule() {
    ConditionHealthCheck check = ConditionHealthCheck.forKind("cert-manager.io", "Certificate")
        .when("Issuing", "False", "Failed", HealthCode.DEGRADED)
        .when("Ready", "True", HealthCode.HEALTHY)
        .build();
    assertEquals(HealthStatus.degraded("rate limited"), check.assess(certificate("""
        status:
          conditions:
          - {type: Ready, status: "True"}
          - {type: Issuing, status: "False", reason: Failed, message: rate limited}
        """)));
    assertEquals(HealthCode.HEALTHY, check.assess(certificate("""
        status:
          conditions:
          - {type: Ready, status: "True"}
          - {type: Issuing, status: "False", reason: Done}
        """)).status());
    assertEquals(HealthStatus.progressing("Waiting for Issuing=False"), check.assess(certificate("")));
  }

  @Test
  void appliesToGroupAndKindOnly() {
    ConditionHealthCheck check = ConditionHealthCheck.ready("cert-manager.io", "Certificate");
    assertEquals(true, check.appliesTo(certificate("").key()));
    assertEquals(false, check.appliesTo(Manifest.parse(
        "apiVersion: example.com/v1\nkind: Certificate\nmetadata: {name: c}\n").key()));
  }

  @Test
  void builderNeedsARuleAndSetsOtherwiseOnce() {
    assertThrows(IllegalStateException.class, () -> ConditionHealthCheck.forKind("x.io", "Thing").build());
    ConditionHealthCheck.Builder b = ConditionHealthCheck.forKind("x.io", "Thing")
        .otherwise(HealthCode.HEALTHY, "");
    assertThrows(IllegalStateException.class, () -> b.otherwise(HealthCode.DEGRADED, ""));
    assertThrows(IllegalArgumentException.class, () -> ConditionRule.of(" ", "True", HealthCode.HEALTHY));
  }
}
