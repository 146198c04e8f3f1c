package dev.gitopsjava.provision.cloudinit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Our validator against cloud-init 22.4.2's recorded verdicts on the shared samples. */
class CloudConfigConformanceTest {
  /** The one sample where we deliberately disagree: cloud-init ignores unknown top-level keys. */
  private static final String STRICTER = "accepted-unknown-top-level-key.yaml";

  static JsonNode expected() throws IOException {
    return JsonMapper.shared().readTree(
        Conformance.dir("cloud-init").resolve("expected-results.json").toFile()).get("results");
  }

  static Stream<String> samples() throws IOException {
    List<String> names = expected().propertyNames().stream().sorted().toList();
    assertEquals(7, names.size(), "sample count in expected-results.json");
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("samples")
  void verdictMatchesCloudInit(String sample) throws IOException {
    Path file = Conformance.dir("cloud-init").resolve("samples").resolve(sample);
    int cloudInitExit = expected().get(sample).get("exit").intValue();
    List<CloudConfigProblem> ours = CloudConfig.problems(Files.readString(file), sample);
    if (sample.equals(STRICTER)) {
      assertEquals(0, cloudInitExit);
      assertEquals(List.of("no_such_module_key"),
          ours.stream().map(CloudConfigProblem::path).toList());
    } else {
      assertEquals(cloudInitExit == 0, ours.isEmpty(), sample + ": " + ours);
    }
  }

  @Test
  void invalidTypesReportsTheSamePathsAsCloudInit() throws IOException {
    String sample = "invalid-types.yaml";
    String stderr = expected().get(sample).get("stderr").stringValue();
    Set<String> cloudInitPaths = pathsIn(stderr);
    assertEquals(Set.of("hostname", "packages", "runcmd", "users.0", "write_files.0"),
        cloudInitPaths, "parsed from cloud-init's stderr");
    Path file = Conformance.dir("cloud-init").resolve("samples").resolve(sample);
    Set<String> ours = CloudConfig.problems(Files.readString(file), sample).stream()
        .map(CloudConfigProblem::path).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(cloudInitPaths, ours);
  }

  @Test
  void formatErrorsUseCloudInitsNotation() throws IOException {
    Path samples = Conformance.dir("cloud-init").resolve("samples");
    List<CloudConfigProblem> noHeader = CloudConfig.problems(
        Files.readString(samples.resolve("invalid-no-header.yaml")), "invalid-no-header.yaml");
    assertEquals(expected().get("invalid-no-header.yaml").get("stderr").stringValue(),
        "Error:\nCloud config schema errors: " + noHeader.get(0) + "\n");

    List<CloudConfigProblem> syntax = CloudConfig.problems(
        Files.readString(samples.resolve("invalid-yaml-syntax.yaml")), "invalid-yaml-syntax.yaml");
    assertEquals(1, syntax.size());
    String cloudInit = expected().get("invalid-yaml-syntax.yaml").get("stderr").stringValue();
    assertTrue(cloudInit.contains(": " + syntax.get(0).path() + ": File invalid-yaml-syntax.yaml"
        + " is not valid yaml."), "same position as cloud-init: " + syntax + " vs " + cloudInit);

    List<CloudConfigProblem> headerOnly = CloudConfig.problems(
        Files.readString(samples.resolve("invalid-header-only.yaml")), "invalid-header-only.yaml");
    assertTrue(expected().get("invalid-header-only.yaml").get("stderr").stringValue()
        .contains(headerOnly.get(0).message()));
  }

  @Test
  void parseThrowsWithEveryProblem() throws IOException {
    Path file = Conformance.dir("cloud-init").resolve("samples").resolve("invalid-types.yaml");
    InvalidCloudConfigException e = org.junit.jupiter.api.Assertions.assertThrows(
        InvalidCloudConfigException.class, () -> CloudConfig.parse(Files.readString(file),
            "invalid-types.yaml"));
    assertFalse(e.problems().isEmpty());
    assertTrue(e.getMessage().contains("invalid-types.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("write_files.0: 'path' is a required property"),
        e.getMessage());
  }

  /** The paths in "Cloud config schema errors: p1: msg, p2: msg, ..." (dict reprs skipped). */
  static Set<String> pathsIn(String stderr) {
    String errors = stderr.substring(stderr.indexOf("errors: ") + "errors: ".length());
    Matcher m = Pattern.compile("(?:^|, )([A-Za-z_][\\w.-]*): ").matcher(errors);
    Set<String> paths = new TreeSet<>();
    int depth = 0;
    int last = 0;
    while (m.find()) {
      for (int i = last; i < m.start(); i++) {
        char c = errors.charAt(i);
        depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
      }
      last = m.start();
      if (depth == 0) {
        paths.add(m.group(1));
      }
    }
    return paths;
  }
}
