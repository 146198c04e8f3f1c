package dev.gitopsjava.provision.cloudinit;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * User data comes from spec files: any text must give a list of problems (never an exception or
 * a hang), and text without problems must parse, and render to a document without problems.
 */
class CloudConfigFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void anyTextGivesProblemsOrAValidDocument(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<CloudConfigProblem> problems = CloudConfig.problems(text, "fuzz.yaml");
    if (problems.isEmpty()) {
      String rendered = CloudConfig.parse(text, "fuzz.yaml").render();
      List<CloudConfigProblem> again = CloudConfig.problems(rendered, "rendered");
      if (!again.isEmpty()) {
        throw new AssertionError("render of a valid document is invalid: " + again + "\n"
            + rendered);
      }
    }
  }
}
