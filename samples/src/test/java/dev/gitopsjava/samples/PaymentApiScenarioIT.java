package dev.gitopsjava.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, as a test: the six steps of the payment-api scenario on the embedded
 * cluster, each outcome asserted from what the cluster showed (not from the printed text alone).
 */
class PaymentApiScenarioIT {
  @TempDir Path temp;

  @Test
  void theSixStepsReachTheirOutcomes() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ScenarioReport r = PaymentApiScenario.embedded(temp, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
    String text = printed.toString(StandardCharsets.UTF_8);

    // 1. First sync: namespace first, then config, service, workload; healthy.
    assertTrue(r.namespaceCreated(), text);
    assertEquals(List.of(
        "Namespace payments",
        "ConfigMap payments/payment-api-config",
        "ConfigMap payments/payment-api-feature-flags",
        "Service payments/payment-api",
        "apps/Deployment payments/payment-api"), r.appliedInOrder().subList(0, 5));
    assertEquals("Healthy", r.healthAfterFirstSync());

    // 2. Self-heal reverted a manual scale to the overlay's 3 replicas.
    assertEquals(1, r.replicasAfterManualScale());
    assertEquals(3, r.replicasAfterSelfHeal());

    // 3. The diff showed the image change, then the sync applied it.
    assertTrue(r.imageDiff().contains("-        image: registry.example.com/payments/payment-api:1.4.2"), r.imageDiff());
    assertTrue(r.imageDiff().contains("+        image: registry.example.com/payments/payment-api:1.5.0"), r.imageDiff());
    assertEquals("registry.example.com/payments/payment-api:1.5.0", r.imageAfterSync());

    // 4. Prune took only what left Git and belonged to the app.
    assertTrue(r.prunedResourceGone());
    assertTrue(r.unownedResourceKept());

    // 5. A broken commit changed nothing and the status says why.
    assertTrue(r.brokenCommitWroteNothing());
    assertTrue(r.brokenCommitReason().contains("kustomize build k8s/overlays/production failed"), r.brokenCommitReason());

    // 6. The sealed secret: no plaintext in Git, the right value in the cluster, never printed.
    assertTrue(r.sealedSecretCommitted());
    assertTrue(r.secretUnsealed());
    assertFalse(text.contains("correct-horse-battery-staple"), "the password must never be printed");
    assertTrue(text.contains("Done: production-payment-api is SYNCED and Healthy"), text);
  }
}
