package dev.gitopsjava.core.model;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Manifests come from Git repositories the engine does not control: any bytes must end in
 * manifests or an {@link InvalidManifestException}, never another exception or a hang.
 */
class ManifestReaderFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyBytesGiveManifestsOrATypedError(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      for (Manifest m : ManifestReader.read(bytes, "fuzz.yaml")) {
        // Every manifest returned is complete.
        if (m.key().name().isEmpty() || m.key().kind().isEmpty()) {
          throw new AssertionError("incomplete manifest returned: " + m);
        }
      }
    } catch (InvalidManifestException expected) {
      if (!expected.getMessage().startsWith("fuzz.yaml")) {
        throw new AssertionError("error does not name the file: " + expected.getMessage());
      }
    }
  }
}
