package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The single-pass changed path against the full path it replaces (normalised copies of desired,
 * live and last-applied, merged, defaulted, compared), on generated Deployments, Services and
 * custom resources with random drift, random last-applied documents and the inputs normalisation
 * exists for (nulls, empty lists and maps, {@code 2.0} for {@code 2}, quantities in other forms,
 * server metadata, the last-applied annotation in desired). Each example is built from a seed,
 * reported on failure.
 */
class SinglePassProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Gen<Long> SEEDS = in -> in.next(Constraint.none());
  private static final int EXAMPLES = 400;

  // The single pass serves every plain kind, in sync or not; the in-sync check is off so that the
  // kinds it leaves to the full path are compared path against path too.
  private final Differ singlePass = Differ.builder().loadNormalizersFromClassPath(false).withoutInSyncCheck().build();
  private final Differ full = Differ.builder().loadNormalizersFromClassPath(false).withoutFastPath().build();

  @Test
  void theSinglePassReportsTheFullPathsChangesInTheSameOrder() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Case c = generate(new Random(seed));
      DiffResult fast = singlePass.diff(c.desired, Optional.of(c.live), c.lastApplied);
      DiffResult slow = full.diff(c.desired, Optional.of(c.live), c.lastApplied);
      assertEquals(slow.changes(), fast.changes(), () -> "seed " + seed + "\n" + c);
      assertEquals(slow.modified(), fast.modified(), () -> "seed " + seed);
    });
  }

  @Test
  void theDocumentsBuiltOnDemandEqualTheFullPathsDocuments() {
    qt().withExamples(EXAMPLES / 2).forAll(SEEDS).checkAssert(seed -> {
      Case c = generate(new Random(seed));
      DiffResult fast = singlePass.diff(c.desired, Optional.of(c.live), c.lastApplied);
      DiffResult slow = full.diff(c.desired, Optional.of(c.live), c.lastApplied);
      assertEquals(slow.mergedObject().tree(), fast.mergedObject().tree(), () -> "seed " + seed);
      assertEquals(slow.predictedLive(), fast.predictedLive(), () -> "seed " + seed);
      assertEquals(slow.normalizedLive(), fast.normalizedLive(), () -> "seed " + seed);
      assertEquals(slow.unifiedDiff(), fast.unifiedDiff(), () -> "seed " + seed);
      assertEquals(slow, fast, () -> "seed " + seed);
    });
  }

  @Test
  void theInSyncCheckAgreesWithTheFullPathForEveryKindSecretsIncluded() {
    Differ standard = Differ.builder().loadNormalizersFromClassPath(false).build();
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      Case c = rnd.nextBoolean() ? generate(rnd) : inSyncMostly(rnd);
      DiffResult fast = standard.diff(c.desired, Optional.of(c.live), c.lastApplied);
      DiffResult slow = full.diff(c.desired, Optional.of(c.live), c.lastApplied);
      assertEquals(slow.modified(), fast.modified(), () -> "seed " + seed + " " + slow.changes() + "\n" + c);
      assertEquals(slow.changes(), fast.changes(), () -> "seed " + seed);
      if (c.desired.key().kind().equals("Secret")) {
        // What is shown of a Secret is masked, in sync or not.
        assertEquals(slow.predictedLive(), fast.predictedLive(), () -> "seed " + seed);
        assertEquals(slow.normalizedLive(), fast.normalizedLive(), () -> "seed " + seed);
      }
    });
  }

  // ------------------------------------------------------------------ generators

  /** Live as the API server returns desired, with a little drift now and then. */
  private static Case inSyncMostly(Random rnd) {
    ObjectNode desired = kind(rnd);
    ObjectNode live = desired.deepCopy();
    serverFields(live, rnd);
    if (rnd.nextInt(4) == 0) {
      drift(live, rnd);
    }
    if (rnd.nextBoolean()) {
      DiffProperties.withLastApplied(live, desired);
    }
    return new Case(manifest(desired), manifest(live), Optional.empty());
  }

  private static ObjectNode kind(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> DiffProperties.deployment(rnd);
      case 1 -> service(rnd);
      case 2 -> secret(rnd);
      default -> widget(rnd);
    };
  }

  static ObjectNode secret(Random rnd) {
    ObjectNode s = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Secret");
    s.putObject("metadata").put("name", "s").put("namespace", "ns");
    if (rnd.nextBoolean()) {
      s.put("type", "Opaque");
    }
    ObjectNode data = s.putObject("data");
    for (int i = 0, n = rnd.nextInt(3); i < n; i++) {
      data.put("k" + i, List.of("YQ==", "Yg==", "").get(rnd.nextInt(3)));
    }
    if (rnd.nextInt(4) == 0) {
      data.putNull("nothing");
    }
    if (rnd.nextInt(4) == 0) {
      s.putObject("stringData").put("k0", "a");
    }
    return s;
  }

  private record Case(Manifest desired, Manifest live, Optional<Manifest> lastApplied) {
    @Override
    public String toString() {
      return "desired " + desired.toJson() + "\nlive " + live.toJson() + "\nlast " + lastApplied.map(Manifest::toJson);
    }
  }

  private static Case generate(Random rnd) {
    ObjectNode desired = kind(rnd);
    ObjectNode live = desired.deepCopy();
    if (desired.get("kind").asString().equals("Deployment")) {
      DiffProperties.addServerOnlyFields(live, rnd);
    } else {
      serverFields(live, rnd);
    }
    for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
      drift(live, rnd);
    }
    ObjectNode last = switch (rnd.nextInt(4)) {
      case 0 -> null;
      case 1 -> desired.deepCopy();
      default -> drifted(desired, rnd);
    };
    for (int i = 0, n = rnd.nextInt(3); i < n; i++) {
      drift(desired, rnd);
    }
    noise(desired, rnd);
    noise(live, rnd);
    Optional<Manifest> given = Optional.empty();
    if (last != null) {
      noise(last, rnd);
      if (rnd.nextBoolean()) {
        DiffProperties.withLastApplied(live, last);
      } else {
        given = Optional.of(manifest(last));
      }
    }
    if (rnd.nextInt(8) == 0) {
      DiffProperties.withLastApplied(desired, desired.deepCopy());
    }
    return new Case(manifest(desired), manifest(live), given);
  }

  private static ObjectNode drifted(ObjectNode doc, Random rnd) {
    ObjectNode copy = doc.deepCopy();
    for (int i = 0, n = 1 + rnd.nextInt(2); i < n; i++) {
      drift(copy, rnd);
    }
    return copy;
  }

  static ObjectNode service(Random rnd) {
    ObjectNode s = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Service");
    ObjectNode md = s.putObject("metadata").put("name", "svc-" + rnd.nextInt(3));
    if (rnd.nextBoolean()) {
      md.put("namespace", "ns");
    }
    if (rnd.nextBoolean()) {
      md.putObject("annotations").put("a" + rnd.nextInt(3), "x");
    }
    ObjectNode spec = s.putObject("spec");
    spec.putObject("selector").put("app", "a" + rnd.nextInt(2));
    ArrayNode ports = spec.putArray("ports");
    for (int i = 0, n = rnd.nextInt(4); i < n; i++) {
      ObjectNode p = ports.addObject().put("name", "p" + i).put("port", 80 + i);
      if (rnd.nextBoolean()) {
        p.put("protocol", rnd.nextInt(3) == 0 ? "UDP" : "TCP");
      }
      if (rnd.nextBoolean()) {
        p.put("targetPort", rnd.nextBoolean() ? "http" : "8080");
      } else if (rnd.nextBoolean()) {
        p.put("targetPort", 8080);
      }
    }
    if (rnd.nextBoolean()) {
      spec.put("type", rnd.nextBoolean() ? "ClusterIP" : "NodePort");
    }
    return s;
  }

  static ObjectNode widget(Random rnd) {
    ObjectNode w = JSON.createObjectNode().put("apiVersion", "example.com/v1").put("kind", "Widget");
    ObjectNode md = w.putObject("metadata").put("name", "w").put("namespace", "ns");
    if (rnd.nextBoolean()) {
      md.putObject("labels").put("l", "v" + rnd.nextInt(2));
    }
    ObjectNode spec = w.putObject("spec");
    spec.put("size", rnd.nextInt(3));
    ArrayNode tags = spec.putArray("tags");
    for (int i = 0, n = rnd.nextInt(3); i < n; i++) {
      tags.add("t" + rnd.nextInt(4));
    }
    ObjectNode nested = spec.putObject("nested");
    if (rnd.nextBoolean()) {
      nested.putObject("inner").put("a", rnd.nextInt(2)).putArray("items").addObject().put("k", "v");
    }
    if (rnd.nextBoolean()) {
      nested.put("ratio", 0.5 * rnd.nextInt(3));
    }
    return w;
  }

  private static void serverFields(ObjectNode live, Random rnd) {
    ObjectNode md = (ObjectNode) live.get("metadata");
    md.put("uid", "u").put("resourceVersion", "" + rnd.nextInt(100)).put("namespace", "ns");
    md.putArray("managedFields").addObject().put("manager", "m");
    if (live.get("kind").asString().equals("Service")) {
      ObjectNode spec = (ObjectNode) live.get("spec");
      spec.put("clusterIP", "10.0.0." + rnd.nextInt(9)).put("sessionAffinity", "None");
      spec.putObject("status").putObject("loadBalancer");
      for (JsonNode p : spec.path("ports")) {
        if (rnd.nextBoolean()) {
          ((ObjectNode) p).put("protocol", "TCP");
        }
      }
    }
    live.putObject("status").put("phase", "x");
  }

  /** One random edit anywhere in the document (metadata's name and the kind stay). */
  static void drift(ObjectNode doc, Random rnd) {
    List<JsonNode> containers = new ArrayList<>();
    collect(doc, containers);
    JsonNode target = containers.get(rnd.nextInt(containers.size()));
    if (target instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.propertyNames().forEach(names::add);
      names.removeAll(List.of("apiVersion", "kind", "metadata", "name"));
      switch (rnd.nextInt(4)) {
        case 0 -> {
          if (!names.isEmpty()) {
            o.remove(names.get(rnd.nextInt(names.size())));
          }
        }
        case 1 -> o.put("f" + rnd.nextInt(3), scalar(rnd));
        case 2 -> {
          if (!names.isEmpty()) {
            o.put(names.get(rnd.nextInt(names.size())), scalar(rnd));
          }
        }
        default -> o.putObject("o" + rnd.nextInt(2)).put("x", scalar(rnd));
      }
    } else if (target instanceof ArrayNode a) {
      if (!a.isEmpty() && rnd.nextBoolean()) {
        a.remove(rnd.nextInt(a.size()));
      } else if (!a.isEmpty() && a.get(0).isObject()) {
        ObjectNode copy = ((ObjectNode) a.get(rnd.nextInt(a.size()))).deepCopy();
        copy.put(copy.has("name") ? "name" : "k", "n" + rnd.nextInt(5));
        if (copy.has("containerPort")) {
          copy.put("containerPort", 90 + rnd.nextInt(5));
        }
        if (copy.has("port")) {
          copy.put("port", 90 + rnd.nextInt(5));
        }
        a.add(copy);
      } else {
        a.add(scalar(rnd));
      }
    }
  }

  private static String scalar(Random rnd) {
    return List.of("a", "b", "1", "2", "500m", "0.5", "1Gi").get(rnd.nextInt(7));
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainer()) {
      out.add(node);
      for (JsonNode child : node) {
        collect(child, out);
      }
    }
  }

  /** Changes normalisation undoes: nulls, empty lists and maps, 2.0 for 2, other quantity forms, key order. */
  static void noise(JsonNode node, Random rnd) {
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(o.properties());
      for (Map.Entry<String, JsonNode> e : entries) {
        JsonNode v = e.getValue();
        if (v.isIntegralNumber() && rnd.nextInt(4) == 0) {
          o.put(e.getKey(), v.asDouble());
        } else if (v.isString() && rnd.nextInt(4) == 0) {
          switch (v.stringValue()) {
            case "1Gi" -> o.put(e.getKey(), "1024Mi");
            case "0.5" -> o.put(e.getKey(), "500m");
            case "1" -> o.put(e.getKey(), rnd.nextBoolean() ? "1000m" : "1");
            default -> { }
          }
        } else {
          noise(v, rnd);
        }
      }
      switch (rnd.nextInt(12)) {
        case 0 -> o.putNull("gone");
        case 1 -> o.putArray("empty");
        case 2 -> {
          if (o.get("metadata") instanceof ObjectNode md) {
            md.putObject(rnd.nextBoolean() ? "labels" : "annotations");
          }
        }
        case 3 -> {
          if (o.get("metadata") instanceof ObjectNode md) {
            ObjectNode ann = md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
            ann.putNull("nulled");
          }
        }
        default -> { }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode child : a) {
        noise(child, rnd);
      }
    }
  }

  private static Manifest manifest(ObjectNode doc) {
    return Manifest.of(doc, ManifestOrigin.inline());
  }
}
