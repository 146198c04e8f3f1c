package dev.gitopsjava.secrets.sealed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.secrets.KeyMaterialException;
import java.nio.charset.StandardCharsets;

/**
 * Certificates and private keys (PEM files, the controller's {@code kubernetes.io/tls} key Secrets
 * as YAML or JSON, bare DER) are untrusted input: any bytes give the certificate or keys, or a
 * {@link KeyMaterialException} naming the origin, never another exception. Seeds in {@code
 * SealingKeyFilesFuzzTestInputs/}: the conformance key and certificate, key Secrets and broken
 * variants.
 */
class SealingKeyFilesFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void keysAndCertificatesParseOrFailWithAKeyMaterialException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      SealingKeys.parse(text, "fuzz.pem").forEach(k -> k.toString());
    } catch (KeyMaterialException e) {
      namesTheOrigin(e);
    }
    try {
      ControllerCertificate.parsePem(text, "fuzz.pem").toString();
    } catch (KeyMaterialException e) {
      namesTheOrigin(e);
    }
    try {
      ControllerCertificate.fromDer(input, "fuzz.pem").toString();
    } catch (KeyMaterialException e) {
      namesTheOrigin(e);
    }
  }

  private static void namesTheOrigin(KeyMaterialException e) {
    if (e.getMessage() == null || !e.getMessage().contains("fuzz.pem")) {
      throw new AssertionError("error does not name the origin: " + e.getMessage(), e);
    }
  }
}
