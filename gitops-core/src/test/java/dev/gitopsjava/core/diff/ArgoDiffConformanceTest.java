package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.testing.Conformance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Every case of ../shared/conformance/argo-diff/cases.yaml: Argo CD's own diff fixtures and verdicts. */
class ArgoDiffConformanceTest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  static Path dir() {
    return Conformance.dir("argo-diff");
  }

  static JsonNode cases() throws IOException {
    return YAML.readTree(Files.readString(dir().resolve("cases.yaml")));
  }

  static Stream<Arguments> diffCases() throws IOException {
    JsonNode doc = cases();
    List<Arguments> out = new ArrayList<>();
    for (String section : List.of("cases", "inline_cases")) {
      for (JsonNode c : doc.path(section)) {
        out.add(Arguments.of(c.path("id").asString(), c));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> normalizationCases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : cases().path("normalization_cases")) {
      out.add(Arguments.of(c.path("id").asString(), c));
    }
    return out.stream();
  }

  static Stream<Arguments> maskingCases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : cases().path("masking_cases")) {
      out.add(Arguments.of(c.path("id").asString(), c));
    }
    return out.stream();
  }

  @Test
  void everyCaseOfThePackIsRun() throws IOException {
    JsonNode doc = cases();
    int total = doc.path("cases").size() + doc.path("inline_cases").size()
        + doc.path("normalization_cases").size() + doc.path("masking_cases").size();
    assertEquals(60, total, "cases.yaml changed: update the conformance test");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diffCases")
  void diffCase(String id, JsonNode c) throws IOException {
    String mode = c.path("mode").asString();
    JsonNode options = c.path("options");
    JsonNode expect = c.path("expect");
    ObjectNode desired = load(c, "desired");
    ObjectNode live = load(c, "live");
    mutate(desired, c.path("desired_mutations"));
    mutate(live, c.path("live_mutations"));
    switch (mode) {
      case "legacy", "argo-state-diff" -> {
        Differ.Builder b = Differ.builder().loadNormalizersFromClassPath(false)
            .ignoreAggregatedRoles(mode.equals("argo-state-diff") || options.path("ignore_aggregated_roles").asBoolean(false));
        ignoreRules(options).forEach(b::ignoreRule);
        DiffResult r = b.build().diff(manifest(desired), Optional.ofNullable(live).map(this::manifest));
        checkDiff(r, expect);
      }
      case "server-side", "structured-merge" -> {
        Differ.Builder b = Differ.builder().loadNormalizersFromClassPath(false).serverSide(true)
            .fieldManager(options.path("manager").asString("argocd-controller"));
        if (options.has("ignore_mutation_webhook")) {
          b.ignoreMutationWebhook(options.path("ignore_mutation_webhook").asBoolean());
        }
        ignoreRules(options).forEach(b::ignoreRule);
        Differ differ = b.build();
        DiffResult r;
        if (mode.equals("server-side")) {
          ObjectNode dryRun = c.has("dry_run_result_inline") ? (ObjectNode) c.get("dry_run_result_inline").deepCopy()
              : readObject(dir().resolve(c.path("dry_run_result").asString()));
          r = differ.diffWithDryRun(manifest(desired), manifest(live), manifest(dryRun));
        } else {
          r = differ.diff(manifest(desired), Optional.of(manifest(live)));
        }
        checkDiff(r, expect);
      }
      case "managed-fields-normalize" -> {
        ObjectNode d = desired.deepCopy();
        ObjectNode l = live.deepCopy();
        List<String> managers = new ArrayList<>();
        options.path("trusted_managers").forEach(m -> managers.add(m.asString()));
        SchemaNode schema = KubernetesSchema.load(List.of()).forKind(manifest(live).key());
        boolean did = ManagedFieldsNormalizer.normalize(l, d, managers, schema);
        if (expect.path("result").asString("").equals("no-op")) {
          assertFalse(did, "expected a no-op");
          checkPaths(desired, expect.path("desired_in_unchanged"), "desired");
          checkPaths(live, expect.path("live_in_unchanged"), "live");
          assertEquals(desired, d);
          assertEquals(live, l);
        } else {
          checkPaths(d, expect.path("desired_out"), "desired_out");
          checkPaths(l, expect.path("live_out"), "live_out");
        }
      }
      case "argo-normalize" -> {
        Differ.Builder b = Differ.builder().loadNormalizersFromClassPath(false).ignoreAggregatedRoles(true);
        ignoreRules(options).forEach(b::ignoreRule);
        ThreeWayDiffer differ = (ThreeWayDiffer) b.build();
        ObjectNode d = desired.deepCopy();
        ObjectNode l = live.deepCopy();
        differ.applyIgnoreRules(manifest(live).key(), d, l);
        if (expect.path("desired_out_equals_input").asBoolean(false)) {
          assertEquals(desired, d);
        }
        if (expect.path("live_out_equals_input").asBoolean(false)) {
          assertEquals(live, l);
        }
        checkPaths(d, expect.path("desired_out"), "desired_out");
        checkPaths(l, expect.path("live_out"), "live_out");
      }
      default -> fail("unknown mode " + mode);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("normalizationCases")
  void normalizationCase(String id, JsonNode c) {
    ResourceNormalizer normalizer = new ResourceNormalizer(false);
    KubernetesSchema schemas = KubernetesSchema.load(List.of());
    if (c.has("variants") && c.has("input")) {
      for (JsonNode variant : c.path("variants")) {
        ObjectNode doc = (ObjectNode) c.get("input").deepCopy();
        JsonPointer at = JsonPointer.compile(c.path("path").asString());
        ((ObjectNode) doc.at(at.head())).set(at.last().getMatchingProperty(), variant.get("cpu"));
        Manifest m = manifest(doc);
        normalizer.normalize(m.key(), doc, schemas.forKind(m.key()), schemas.knows(m.key()));
        assertEquals(variant.path("expect_cpu").asString(), doc.at(at).asString(), "variant " + variant);
      }
    } else if (c.has("variants")) {
      for (JsonNode variant : c.path("variants")) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("apiVersion", "v1").put("kind", "Secret").put("type", "Opaque");
        doc.putObject("metadata").put("name", "test-secret");
        if (!variant.path("data").isMissingNode()) {
          doc.set("data", variant.get("data"));
        }
        doc.set("stringData", variant.get("stringData"));
        Set<String> keys = new TreeSet<>();
        variant.path("data").propertyNames().forEach(keys::add);
        variant.path("stringData").propertyNames().forEach(keys::add);
        Manifest m = manifest(doc);
        normalizer.normalize(m.key(), doc, schemas.forKind(m.key()), true);
        assertFalse(doc.has("stringData"), variant.path("name").asString());
        assertEquals(keys, new TreeSet<>(doc.path("data").propertyNames()), variant.path("name").asString());
      }
    } else {
      ObjectNode doc = (ObjectNode) c.get("input").deepCopy();
      Manifest m = manifest(doc);
      normalizer.normalize(m.key(), doc, schemas.forKind(m.key()), schemas.knows(m.key()));
      checkPaths(doc, c.path("expect"), "normalised");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maskingCases")
  void maskingCase(String id, JsonNode c) {
    ObjectNode target = secret(c.path("target_data"), c.path("target_annotations"));
    ObjectNode live = secret(c.path("live_data"), c.path("live_annotations"));
    if (c.has("live_last_applied_data")) {
      ObjectNode la = secret(c.get("live_last_applied_data"), JSON.missingNode());
      annotations(live).put(SecretMasker.LAST_APPLIED, JSON.writeValueAsString(la));
    }
    if (c.has("live_last_applied_raw")) {
      annotations(live).put(SecretMasker.LAST_APPLIED, c.path("live_last_applied_raw").asString());
    }
    Set<String> hide = new HashSet<>();
    c.path("hide_annotations").forEach(h -> hide.add(h.asString()));
    SecretMasker.mask(List.of(target, live), hide);
    JsonNode expect = c.path("expect");
    checkMasks(target.path("data"), expect.path("target_data"));
    checkMasks(live.path("data"), expect.path("live_data"));
    checkMasks(target.path("metadata").path("annotations"), expect.path("target_annotations"));
    checkMasks(live.path("metadata").path("annotations"), expect.path("live_annotations"));
    String la = live.path("metadata").path("annotations").path(SecretMasker.LAST_APPLIED).asString("");
    if (expect.has("live_last_applied_data")) {
      checkMasks(JSON.readTree(la).path("data"), expect.path("live_last_applied_data"));
    }
    if (expect.has("live_last_applied_annotation")) {
      assertEquals(mask(expect.path("live_last_applied_annotation").asString()), la);
    }
    for (JsonNode secret : expect.path("live_last_applied_annotation_not_contains")) {
      assertFalse(la.contains(secret.asString()), "last-applied leaks " + secret);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static ObjectNode secret(JsonNode data, JsonNode annotations) {
    ObjectNode s = JSON.createObjectNode();
    s.put("apiVersion", "v1").put("kind", "Secret");
    ObjectNode md = s.putObject("metadata").put("name", "s");
    if (annotations.isObject()) {
      md.set("annotations", annotations.deepCopy());
    }
    if (data.isObject()) {
      s.set("data", data.deepCopy());
    }
    return s;
  }

  private static ObjectNode annotations(ObjectNode doc) {
    ObjectNode md = (ObjectNode) doc.get("metadata");
    return md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
  }

  private static String mask(String name) {
    return switch (name) {
      case "R1" -> "+".repeat(8);
      case "R2" -> "+".repeat(12);
      case "R3" -> "+".repeat(16);
      default -> throw new AssertionError("unknown mask " + name);
    };
  }

  private static void checkMasks(JsonNode actual, JsonNode expected) {
    for (Map.Entry<String, JsonNode> e : expected.properties()) {
      assertEquals(mask(e.getValue().asString()), actual.path(e.getKey()).asString(null), "mask of " + e.getKey());
    }
  }

  private static List<IgnoreRule> ignoreRules(JsonNode options) {
    List<IgnoreRule> rules = new ArrayList<>();
    for (JsonNode r : options.path("ignore_differences")) {
      rules.add(new IgnoreRule(r.path("group").asString(""), r.path("kind").asString(""), r.path("name").asString(""),
          r.path("namespace").asString(""), strings(r.path("jsonPointers")), strings(r.path("jqPathExpressions")),
          strings(r.path("managedFieldsManagers"))));
    }
    JsonNode paths = options.path("normalizer").path("remove_paths");
    if (!paths.isMissingNode()) {
      rules.add(new IgnoreRule("*", "*", "", "", strings(paths), List.of(), List.of()));
    }
    return rules;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asString()));
    return out;
  }

  private void checkDiff(DiffResult r, JsonNode expect) {
    if (expect.has("modified")) {
      assertEquals(expect.get("modified").asBoolean(), r.modified(), () -> "modified; changes: " + r.changes()
          + "\n" + r.unifiedDiff());
    }
    JsonNode predicted = r.predictedLive();
    JsonNode live = r.normalizedLive().orElse(JSON.missingNode());
    checkPaths(predicted, expect.path("predicted"), "predicted");
    checkPaths(live, expect.path("normalized_live"), "normalized_live");
    for (JsonNode d : expect.path("differences")) {
      checkValue(predicted, d.path("path").asString(), d.get("predicted"), "predicted");
      checkValue(live, d.path("path").asString(), d.get("normalized_live"), "normalized_live");
    }
    String pj = JSON.writeValueAsString(predicted);
    String lj = JSON.writeValueAsString(live);
    expect.path("predicted_json_contains").forEach(s -> assertTrue(pj.contains(s.asString()), "predicted has " + s));
    expect.path("predicted_json_not_contains").forEach(s -> assertFalse(pj.contains(s.asString()), "predicted lacks " + s));
    expect.path("normalized_live_json_contains").forEach(s -> assertTrue(lj.contains(s.asString()), "live has " + s));
    expect.path("normalized_live_json_not_contains").forEach(s -> assertFalse(lj.contains(s.asString()), "live lacks " + s));
    String text = r.unifiedDiff();
    expect.path("output_diff_contains").forEach(s -> assertTrue(text.contains(s.asString()), "diff text has " + s + ":\n" + text));
  }

  private static void checkPaths(JsonNode doc, JsonNode checks, String what) {
    for (JsonNode check : checks) {
      if (check.has("select")) {
        String sel = check.get("select").asString();
        int bracket = sel.indexOf('[');
        String listPath = sel.substring(0, bracket);
        String[] kv = sel.substring(bracket + 1, sel.length() - 1).split("=");
        JsonNode element = null;
        for (JsonNode e : doc.at(listPath)) {
          if (e.path(kv[0]).asString().equals(kv[1])) {
            element = e;
          }
        }
        assertNotNull(element, what + ": no element " + sel);
        for (Map.Entry<String, JsonNode> f : check.get("fields").properties()) {
          assertEquals(f.getValue().asString(), element.path(f.getKey()).asString(null), what + " " + sel + "." + f.getKey());
        }
        continue;
      }
      String path = check.path("path").asString();
      JsonNode actual = doc.at(path);
      if (check.has("equals")) {
        checkValue(doc, path, check.get("equals"), what);
      }
      if (check.has("length")) {
        assertEquals(check.get("length").asInt(), actual.size(), what + " " + path + " length: " + actual);
      }
      if (check.has("keys")) {
        Set<String> expected = new TreeSet<>(strings(check.get("keys")));
        assertEquals(expected, new TreeSet<>(actual.propertyNames()), what + " " + path + " keys");
      }
      if (check.path("non_empty").asBoolean(false)) {
        assertTrue(!actual.isMissingNode() && !actual.isNull() && !actual.asString("").isEmpty(), what + " " + path + " non-empty");
      }
    }
  }

  private static void checkValue(JsonNode doc, String path, JsonNode expected, String what) {
    JsonNode actual = doc.at(path);
    if (expected.isString() && expected.asString().equals("absent")) {
      assertTrue(actual.isMissingNode() || actual.isNull(), what + " " + path + " should be absent, is " + actual);
    } else if (expected.isNumber() && actual.isNumber()) {
      assertEquals(0, expected.decimalValue().compareTo(actual.decimalValue()), what + " " + path + ": " + actual);
    } else {
      assertEquals(expected.asString(), actual.isValueNode() ? actual.asString() : actual.toString(), what + " " + path);
    }
  }

  private static void mutate(ObjectNode doc, JsonNode ops) {
    for (JsonNode op : ops) {
      JsonPointer p = JsonPointer.compile(op.path("path").asString());
      ObjectNode parent = (ObjectNode) doc.at(p.head());
      String field = p.last().getMatchingProperty();
      switch (op.path("op").asString()) {
        case "add", "replace" -> parent.set(field, op.get("value"));
        case "remove" -> parent.remove(field);
        default -> fail("unsupported op " + op);
      }
    }
  }

  private ObjectNode load(JsonNode c, String which) throws IOException {
    if (c.has(which + "_inline")) {
      JsonNode n = c.get(which + "_inline");
      return n.isNull() ? null : (ObjectNode) n.deepCopy();
    }
    JsonNode f = c.get(which);
    if (f == null || f.isNull()) {
      return null;
    }
    return readObject(dir().resolve(f.asString()));
  }

  private static ObjectNode readObject(Path file) throws IOException {
    return (ObjectNode) YAML.readTree(Files.readString(file));
  }

  private Manifest manifest(ObjectNode doc) {
    return Manifest.of(doc, ManifestOrigin.inline());
  }

}
