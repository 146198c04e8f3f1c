package dev.gitopsjava.core;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Application manifests are user input: any text parses or fails with an InvalidApplicationException. */
class ApplicationFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyTextGivesAnApplicationOrATypedError(FuzzedDataProvider data) {
    String yaml = data.consumeRemainingAsString();
    try {
      Application app = Application.parse(yaml, "app.yaml");
      if (app.name().isBlank()) {
        throw new AssertionError("blank name accepted");
      }
    } catch (InvalidApplicationException expected) {
      if (!expected.getMessage().startsWith("app.yaml: ")) {
        throw new AssertionError("error does not name the file: " + expected.getMessage());
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void anyDurationTextParsesOrIsRejected(FuzzedDataProvider data) {
    try {
      if (GoDuration.parse(data.consumeRemainingAsString()).isNegative()) {
        throw new AssertionError("negative duration");
      }
    } catch (IllegalArgumentException expected) {
      // rejected with a message
    }
  }
}
