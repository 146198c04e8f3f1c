package dev.gitopsjava.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import dev.gitopsjava.core.testing.Conformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs every case of {@code ../shared/conformance/argo-health/cases.yaml}: Argo CD's built-in health
 * fixtures, the bundled Rollout check, the application roll-up and the "Caused by" format. Fails
 * when the folder is missing.
 */
class ArgoHealthConformanceTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static @Nullable JsonNode cached;

  private static Path dir() {
    return Conformance.dir("argo-health");
  }

  private static synchronized JsonNode cases() throws Exception {
    if (cached == null) {
      cached = YAML.readTree(Files.readString(dir().resolve("cases.yaml")));
    }
    return cached;
  }

  private static Manifest fixture(String file) throws Exception {
    JsonNode doc = YAML.readTree(Files.readString(dir().resolve(file)));
    // application-*.yaml have no metadata; our Manifest needs a name, which no check reads.
    if (!doc.path("metadata").has("name")) {
      ObjectNode copy = (ObjectNode) doc.deepCopy();
      JsonNode metadata = copy.get("metadata");
      (metadata instanceof ObjectNode o ? o : copy.putObject("metadata")).put("name", "unnamed");
      doc = copy;
    }
    return Manifest.of(doc, new ManifestOrigin(file, 0));
  }

  static Stream<Arguments> builtInCases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    cases().get("cases").forEach(c -> out.add(Arguments.of(c.get("file").asString(), c)));
    return out.stream();
  }

  static Stream<Arguments> rolloutCases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    cases().get("rollout_cases").forEach(c -> out.add(Arguments.of(c.get("file").asString(), c)));
    return out.stream();
  }

  @Test
  void sectionSizesMatchTheReadme() throws Exception {
    assertEquals(50, cases().get("cases").size());
    assertEquals(24, cases().get("rollout_cases").size());
    assertEquals(14, cases().get("app_aggregation_cases").size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtInCases")
  void builtInCheck(String file, JsonNode c) throws Exception {
    Manifest live = fixture(file);
    assertEquals(c.get("apiVersion").asString(), live.key().apiVersion());
    assertEquals(c.get("kind").asString(), live.key().kind());
    Optional<HealthStatus> health = HealthAssessor.builtIn().assess(live);
    JsonNode expect = c.get("expect");
    if (expect.path("absent").asBoolean(false)) {
      assertEquals(Optional.empty(), health, file);
      return;
    }
    assertTrue(health.isPresent(), file + " has no health");
    assertEquals(expect.get("status").asString(), health.get().status().displayName(), file + ": " + health.get());
    if (expect.has("message")) {
      assertEquals(expect.get("message").asString(), health.get().message());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rolloutCases")
  void rolloutCheck(String file, JsonNode c) throws Exception {
    Manifest live = fixture(file);
    JsonNode common = cases().get("rollout_common");
    assertEquals(common.get("apiVersion").asString(), live.key().apiVersion());
    assertEquals(common.get("kind").asString(), live.key().kind());
    HealthStatus health = HealthAssessor.builtIn().assess(live).orElseThrow();
    JsonNode expect = c.get("expect");
    assertEquals(expect.get("status").asString() + ": " + expect.get("message").asString(),
        health.status().displayName() + ": " + health.message());
  }

  static Stream<Arguments> aggregationCases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    cases().get("app_aggregation_cases").forEach(c -> out.add(Arguments.of(c.get("name").asString(), c)));
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("aggregationCases")
  void applicationRollUp(String name, JsonNode c) throws Exception {
    switch (name) {
      case "single-resource-status-becomes-app-status" -> singleResourceStatusBecomesAppStatus(c);
      case "child-app-health" -> childAppHealth(c);
      default -> {
        List<ManagedResource> resources = new ArrayList<>();
        for (JsonNode r : c.get("resources")) {
          resources.add(resource(r));
        }
        ApplicationHealth app = HealthAssessor.builtIn().assessApplication(resources);
        if (!c.path("options").path("persist_resource_health").asBoolean(true)) {
          app = app.withoutResourceHealth();
        }
        JsonNode expect = c.get("expect");
        assertEquals(expect.get("app").asString(), app.status().displayName(), app.toString());
        if (expect.has("resources")) {
          List<String> expected = new ArrayList<>();
          expect.get("resources").forEach(n -> expected.add(n.isNull() ? null : n.asString()));
          List<String> actual = app.resources().stream()
              .map(h -> h.health().map(s -> s.status().displayName()).orElse(null)).toList();
          assertEquals(expected, actual);
        }
        assertEquals(expect.get("causes").asString(), app.causesMessage());
      }
    }
  }

  private void singleResourceStatusBecomesAppStatus(JsonNode c) throws Exception {
    Manifest pod = fixture("pod-running-restart-always.yaml");
    ResourceKey key = new ResourceKey("", "v1", "Pod", "default", "running-pod");
    int checked = 0;
    for (JsonNode value : c.get("override_status_values")) {
      HealthCode code = HealthCode.fromDisplayName(value.asString()).orElseThrow();
      HealthAssessor assessor = HealthAssessor.builder().register(fixed("/Pod", code)).build();
      ApplicationHealth app = assessor.assessApplication(
          List.of(new ManagedResource(key, Optional.empty(), Optional.of(pod))));
      assertEquals(code, app.status());
      assertEquals(code == HealthCode.HEALTHY ? "" : "Caused by Pod:default/running-pod", app.causesMessage());
      checked++;
    }
    assertEquals(5, checked);
  }

  private void childAppHealth(JsonNode c) throws Exception {
    HealthCheck childApps = new HealthCheck() {
      @Override
      public boolean appliesTo(ResourceKey key) {
        return key.groupKind().equals("argoproj.io/Application");
      }

      @Override
      public HealthStatus assess(Manifest live) {
        JsonNode health = live.tree().path("status").path("health");
        return new HealthStatus(HealthCode.fromDisplayName(health.path("status").asString("")).orElse(HealthCode.UNKNOWN),
            health.path("message").asString(""));
      }
    };
    HealthAssessor assessor = HealthAssessor.builder().register(childApps).build();
    for (JsonNode variant : c.get("variants")) {
      Manifest child = childApp(variant.get("child").asString()).withNamespace("default");
      ApplicationHealth app = assessor.assessApplication(List.of(
          ManagedResource.live(child),
          new ManagedResource(new ResourceKey("", "v1", "Pod", "default", "nothing"), Optional.empty(), Optional.empty())));
      assertEquals(variant.get("expect").get("app").asString(), app.status().displayName(), variant.toString());
      assertEquals(variant.get("expect").get("causes").asString(), app.causesMessage(), variant.toString());
    }
  }

  @Test
  void causesFormat() throws Exception {
    for (JsonNode c : cases().get("causes_format_cases").get("cases")) {
      List<ResourceKey> keys = new ArrayList<>();
      if (c.get("causes").isArray()) {
        for (JsonNode k : c.get("causes")) {
          keys.add(new ResourceKey(k.get("group").asString(), "v1", k.get("kind").asString(),
              k.get("namespace").asString(), k.get("name").asString()));
        }
        assertEquals(c.get("expect").asString(), ApplicationHealth.formatCauses(keys));
      } else {
        // "8 Pods, group empty, namespace default, names pod-0 .. pod-7"
        for (int i = 0; i < 8; i++) {
          keys.add(new ResourceKey("", "v1", "Pod", "default", "pod-" + i));
        }
        String text = ApplicationHealth.formatCauses(keys);
        assertTrue(text.contains(c.get("expect_contains").asString()), text);
        String listed = text.substring("Caused by ".length(), text.indexOf(" and "));
        assertEquals(c.get("expect_listed").asInt(), listed.split(", ").length, text);
      }
    }
  }

  // ---- helpers ----

  private static ManagedResource resource(JsonNode r) throws Exception {
    Optional<Manifest> desired = object(r.get("desired"));
    Optional<Manifest> live = object(r.get("live"));
    Map<String, JsonNode> annotate = new java.util.LinkedHashMap<>();
    r.path("annotate").properties().forEach(e -> annotate.put(e.getKey(), e.getValue()));
    for (Map.Entry<String, JsonNode> e : annotate.entrySet()) {
      live = live.map(m -> m.withAnnotation(e.getKey(), e.getValue().asString()));
      if (r.path("annotate_desired_too").asBoolean(false)) {
        desired = desired.map(m -> m.withAnnotation(e.getKey(), e.getValue().asString()));
      }
    }
    if (r.has("name")) {
      Manifest any = desired.isPresent() ? desired.get() : live.orElseThrow();
      ResourceKey key = new ResourceKey(r.get("group").asString(), any.key().version(), r.get("kind").asString(),
          r.get("namespace").asString(), r.get("name").asString());
      return new ManagedResource(key, desired, live);
    }
    return ManagedResource.of(desired, live);
  }

  private static Optional<Manifest> object(@Nullable JsonNode ref) throws Exception {
    if (ref == null || ref.isNull()) {
      return Optional.empty();
    }
    String text = ref.asString();
    if (text.endsWith(".yaml")) {
      return Optional.of(fixture(text));
    }
    // "running-pod-copy (name pod2)", "failed-job-copy (name failed-job-2)", "child-app (Unknown)"
    String argument = text.substring(text.indexOf('(') + 1, text.indexOf(')'));
    if (text.startsWith("running-pod-copy")) {
      return Optional.of(renamed(fixture("pod-running-restart-always.yaml"), argument.substring("name ".length())));
    }
    if (text.startsWith("failed-job-copy")) {
      return Optional.of(renamed(fixture("job-failed.yaml"), argument.substring("name ".length())));
    }
    if (text.startsWith("child-app")) {
      return Optional.of(childApp(argument));
    }
    throw new AssertionError("unknown object reference " + text);
  }

  private static Manifest renamed(Manifest m, String name) {
    ObjectNode copy = m.mutableCopy();
    ((ObjectNode) copy.get("metadata")).put("name", name);
    return m.withTree(copy);
  }

  private static Manifest childApp(String status) {
    return Manifest.parse("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: foo}\n"
        + "status: {health: {status: " + status + "}}\n");
  }

  private static HealthCheck fixed(String groupKind, HealthCode code) {
    return new HealthCheck() {
      @Override
      public boolean appliesTo(ResourceKey key) {
        return key.groupKind().equals(groupKind);
      }

      @Override
      public HealthStatus assess(Manifest live) {
        return new HealthStatus(code, "");
      }
    };
  }
}
