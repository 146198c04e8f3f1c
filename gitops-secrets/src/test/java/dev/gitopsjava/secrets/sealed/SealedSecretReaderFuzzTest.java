package dev.gitopsjava.secrets.sealed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.SealingException;
import java.nio.charset.StandardCharsets;

/**
 * Hostile SealedSecrets: reading a manifest, decoding its {@code encryptedData} values and
 * unsealing them ends in a Secret or a {@link SealingException} subtype, never another exception.
 * Seeds in {@code SealedSecretReaderFuzzTestInputs/} are the conformance manifests and broken
 * variants (truncated ciphertext, bad base64, templates, JSON, YAML aliases, empty input).
 */
class SealedSecretReaderFuzzTest {
  private static final SealingKeys KEYS = SealingKeys.from(
      KeySource.file(Conformance.dir("sealed-secrets").resolve("generated/sealing-key.pem")));

  @FuzzTest(maxDuration = "30s")
  void readingEndsInASecretOrASealingException(byte[] input) {
    try {
      Manifest sealed = SealedSecrets.readSealedSecret(new String(input, StandardCharsets.UTF_8), "fuzz");
      SealedSecretDocument document = SealedSecretDocument.read(sealed);
      for (String item : document.encryptedData().keySet()) {
        document.ciphertext(item);
      }
      SealedSecrets.unseal(sealed).keys(KEYS).call();
    } catch (SealingException expected) {
      // a typed failure is a correct outcome for hostile input
    }
  }
}
