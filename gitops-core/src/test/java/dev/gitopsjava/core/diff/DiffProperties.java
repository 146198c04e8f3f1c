package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Properties of the three-way diff over generated Deployments. Each example is built from a seed
 * (reported on failure) so complex, valid-looking documents can be generated and reproduced.
 */
class DiffProperties {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final Gen<Long> SEEDS = in -> in.next(Constraint.none());
  private static final int EXAMPLES = 200;

  private final Differ differ = Differ.builder().loadNormalizersFromClassPath(false).build();

  @Test
  void anObjectDiffedWithItselfIsInSync() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      ObjectNode desired = deployment(new Random(seed));
      DiffResult r = diff(desired, desired.deepCopy(), null);
      assertFalse(r.modified(), () -> seed + " " + r.changes());
      assertEquals(List.of(), r.changes());
      DiffResult withAnnotation = diff(desired, withLastApplied(desired.deepCopy(), desired), null);
      assertFalse(withAnnotation.modified(), () -> seed + " " + withAnnotation.changes());
    });
  }

  @Test
  void serverOnlyFieldsInLiveNeverMakeADiff() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode desired = deployment(rnd);
      ObjectNode live = addServerOnlyFields(desired.deepCopy(), rnd);
      boolean annotate = rnd.nextBoolean();
      if (annotate) {
        withLastApplied(live, desired);
      }
      DiffResult r = diff(desired, live, null);
      assertFalse(r.modified(), () -> seed + " " + r.changes() + "\n" + r.unifiedDiff());
    });
  }

  @Test
  void removingAFieldThatLastAppliedHadAlwaysMakesADiff() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode full = deployment(rnd);
      ObjectNode live = addServerOnlyFields(withLastApplied(full.deepCopy(), full), rnd);
      ObjectNode desired = full.deepCopy();
      String removed = removeSomething(desired, rnd);
      DiffResult r = diff(desired, live, null);
      assertTrue(r.modified(), () -> seed + " removed " + removed);
      assertTrue(r.changes().stream().anyMatch(c -> c.op() == Change.Operation.REMOVE),
          () -> seed + " removed " + removed + ": " + r.changes());
    });
  }

  @Test
  void theVerdictDoesNotDependOnMapKeyOrderOrKeyedListOrder() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode desired = deployment(rnd);
      ObjectNode live = mutate(addServerOnlyFields(desired.deepCopy(), rnd), rnd);
      if (rnd.nextBoolean()) {
        withLastApplied(live, desired);
      }
      DiffResult r = diff(desired, live, null);
      ObjectNode desired2 = (ObjectNode) shuffle(desired, rnd, true);
      ObjectNode live2 = (ObjectNode) shuffle(live, rnd, true);
      DiffResult r2 = diff(desired2, live2, null);
      assertEquals(r.modified(), r2.modified(), () -> seed + " " + r.changes() + " vs " + r2.changes());
      assertEquals(r.changes().size(), r2.changes().size(), () -> seed + " " + r.changes() + " vs " + r2.changes());
      // Map key order alone changes nothing at all, paths included.
      DiffResult r3 = diff((ObjectNode) shuffle(desired, rnd, false), (ObjectNode) shuffle(live, rnd, false), null);
      assertEquals(changeSet(r), changeSet(r3), () -> "seed " + seed);
    });
  }

  @Test
  void applyingTheReportedChangesToLiveGivesALiveInSync() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode desired = deployment(rnd);
      ObjectNode lastApplied = rnd.nextBoolean() ? null : deployment(new Random(seed + 1));
      ObjectNode live = mutate(addServerOnlyFields(desired.deepCopy(), rnd), rnd);
      if (lastApplied != null) {
        withLastApplied(live, lastApplied);
      }
      DiffResult r = diff(desired, live, null);
      ObjectNode patched = live.deepCopy();
      for (Change c : r.changes()) {
        apply(patched, c);
      }
      DiffResult again = diff(desired, patched, null);
      assertFalse(again.modified(), () -> seed + " first " + r.changes() + "\nthen " + again.changes());
    });
  }

  @Test
  void theMergedObjectDiffsCleanAgainstDesired() {
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode desired = deployment(rnd);
      ObjectNode live = mutate(addServerOnlyFields(desired.deepCopy(), rnd), rnd);
      if (rnd.nextBoolean()) {
        withLastApplied(live, deployment(new Random(seed + 1)));
      }
      DiffResult r = diff(desired, live, null);
      DiffResult after = differ.diff(manifest(desired), Optional.of(r.mergedObject()));
      assertFalse(after.modified(), () -> seed + " " + after.changes());
    });
  }

  @Test
  void theInSyncFastPathAgreesWithTheFullDiff() {
    Differ full = Differ.builder().loadNormalizersFromClassPath(false).withoutFastPath().build();
    qt().withExamples(EXAMPLES).forAll(SEEDS).checkAssert(seed -> {
      Random rnd = new Random(seed);
      ObjectNode desired = deployment(rnd);
      ObjectNode live = addServerOnlyFields(desired.deepCopy(), rnd);
      if (rnd.nextBoolean()) {
        live = mutate(live, rnd);
      }
      switch (rnd.nextInt(3)) {
        case 0 -> withLastApplied(live, desired);
        case 1 -> withLastApplied(live, deployment(new Random(seed + 1)));
        default -> { }
      }
      if (rnd.nextBoolean()) {
        removeSomething(desired, rnd);
      }
      Manifest d = manifest(desired);
      Optional<Manifest> l = Optional.of(manifest(live));
      DiffResult fast = differ.diff(d, l);
      DiffResult slow = full.diff(d, l);
      assertEquals(slow.modified(), fast.modified(), () -> seed + " full diff: " + slow.changes());
      assertEquals(slow.changes(), fast.changes(), () -> "seed " + seed);
    });
  }

  // ------------------------------------------------------------------ generators

  private DiffResult diff(ObjectNode desired, ObjectNode live, ObjectNode lastApplied) {
    return differ.diff(manifest(desired), Optional.of(manifest(live)),
        Optional.ofNullable(lastApplied).map(DiffProperties::manifest));
  }

  private static Manifest manifest(ObjectNode doc) {
    return Manifest.of(doc, ManifestOrigin.inline());
  }

  /** JsonNode equality ignores key order, so the records compare by meaning. */
  private static Set<Change> changeSet(DiffResult r) {
    return new HashSet<>(r.changes());
  }

  static ObjectNode deployment(Random rnd) {
    ObjectNode d = JSON.createObjectNode();
    d.put("apiVersion", "apps/v1").put("kind", "Deployment");
    ObjectNode md = d.putObject("metadata").put("name", "app-" + rnd.nextInt(5)).put("namespace", "ns");
    if (rnd.nextBoolean()) {
      ObjectNode labels = md.putObject("labels");
      for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
        labels.put("l" + rnd.nextInt(6), "v" + rnd.nextInt(3));
      }
    }
    ObjectNode spec = d.putObject("spec");
    if (rnd.nextInt(4) > 0) {
      spec.put("replicas", 1 + rnd.nextInt(5));
    }
    if (rnd.nextBoolean()) {
      spec.putObject("extra").put("k" + rnd.nextInt(3), rnd.nextInt(3)).put("flag", rnd.nextBoolean());
    }
    ArrayNode containers = spec.putObject("template").putObject("spec").putArray("containers");
    for (int c = 0, n = 1 + rnd.nextInt(3); c < n; c++) {
      ObjectNode ct = containers.addObject().put("name", "c" + c).put("image", "img" + c + ":" + rnd.nextInt(3));
      if (rnd.nextBoolean()) {
        ArrayNode ports = ct.putArray("ports");
        Set<Integer> used = new HashSet<>();
        for (int p = 0, m = 1 + rnd.nextInt(3); p < m; p++) {
          int port = 80 + rnd.nextInt(10);
          if (used.add(port)) {
            ports.addObject().put("containerPort", port);
          }
        }
      }
      if (rnd.nextBoolean()) {
        ArrayNode env = ct.putArray("env");
        for (int e = 0, m = 1 + rnd.nextInt(4); e < m; e++) {
          env.addObject().put("name", "E" + e).put("value", "x" + rnd.nextInt(3));
        }
      }
      if (rnd.nextBoolean()) {
        ObjectNode req = ct.putObject("resources").putObject("requests");
        req.put("cpu", List.of("100m", "0.5", "1", "250m").get(rnd.nextInt(4)));
        req.put("memory", List.of("64Mi", "1Gi", "128M").get(rnd.nextInt(3)));
      }
      if (rnd.nextBoolean()) {
        ArrayNode args = ct.putArray("args");
        for (int a = 0, m = 1 + rnd.nextInt(3); a < m; a++) {
          args.add("--a" + rnd.nextInt(4));
        }
      }
    }
    return d;
  }

  /** What the API server and controllers add: never drift. */
  static ObjectNode addServerOnlyFields(ObjectNode live, Random rnd) {
    ObjectNode md = (ObjectNode) live.get("metadata");
    md.put("uid", "u-" + rnd.nextInt(1000)).put("resourceVersion", "" + rnd.nextInt(1000))
        .put("generation", rnd.nextInt(9)).put("creationTimestamp", "2026-01-01T00:00:00Z");
    md.putArray("managedFields").addObject().put("manager", "kube-controller-manager").put("operation", "Update");
    if (rnd.nextBoolean()) {
      ObjectNode ann = md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
      ann.put("deployment.kubernetes.io/revision", "" + rnd.nextInt(9));
    }
    ObjectNode spec = (ObjectNode) live.get("spec");
    if (rnd.nextBoolean()) {
      spec.put("progressDeadlineSeconds", 600);
    }
    if (!spec.has("replicas") && rnd.nextBoolean()) {
      spec.put("replicas", 1);
    }
    ObjectNode podSpec = (ObjectNode) spec.path("template").path("spec");
    if (rnd.nextBoolean()) {
      podSpec.put("dnsPolicy", "ClusterFirst").put("schedulerName", "default-scheduler");
    }
    ((ObjectNode) spec.get("template")).putObject("metadata").putNull("creationTimestamp");
    for (JsonNode c : podSpec.path("containers")) {
      ObjectNode ct = (ObjectNode) c;
      ct.put("imagePullPolicy", "IfNotPresent").put("terminationMessagePath", "/dev/termination-log");
      if (ct.get("ports") instanceof ArrayNode ports) {
        ports.forEach(p -> ((ObjectNode) p).put("protocol", "TCP"));
      }
      if (rnd.nextInt(3) == 0) {
        ArrayNode env = ct.get("env") instanceof ArrayNode e ? e : ct.putArray("env");
        env.addObject().put("name", "INJECTED").putObject("valueFrom").putObject("fieldRef").put("fieldPath", "metadata.name");
      }
    }
    live.putObject("status").put("readyReplicas", rnd.nextInt(4));
    return live;
  }

  /** Removes one field or keyed-list element desired had; returns what was removed. */
  static String removeSomething(ObjectNode desired, Random rnd) {
    ArrayNode containers = (ArrayNode) desired.at("/spec/template/spec/containers");
    List<Runnable> options = new ArrayList<>();
    List<String> names = new ArrayList<>();
    ObjectNode md = (ObjectNode) desired.get("metadata");
    if (md.get("labels") instanceof ObjectNode labels && !labels.isEmpty()) {
      String k = labels.propertyNames().iterator().next();
      options.add(() -> labels.remove(k));
      names.add("label " + k);
    }
    if (desired.at("/spec/extra").isObject()) {
      options.add(() -> ((ObjectNode) desired.get("spec")).remove("extra"));
      names.add("spec.extra");
    }
    if (containers.size() > 1) {
      options.add(() -> containers.remove(containers.size() - 1));
      names.add("last container");
    }
    ObjectNode c0 = (ObjectNode) containers.get(0);
    options.add(() -> c0.remove("image"));
    names.add("image of c0");
    if (c0.get("env") instanceof ArrayNode env && env.size() > 1) {
      options.add(() -> env.remove(0));
      names.add("env[0] of c0");
    }
    if (c0.has("args")) {
      options.add(() -> c0.remove("args"));
      names.add("args of c0");
    }
    int pick = rnd.nextInt(options.size());
    options.get(pick).run();
    return names.get(pick);
  }

  /** Someone changed live: drift of every kind. */
  static ObjectNode mutate(ObjectNode live, Random rnd) {
    ObjectNode spec = (ObjectNode) live.get("spec");
    ArrayNode containers = (ArrayNode) spec.at("/template/spec/containers");
    switch (rnd.nextInt(7)) {
      case 0 -> spec.put("replicas", 10 + rnd.nextInt(5));
      case 1 -> ((ObjectNode) containers.get(0)).put("image", "other:" + rnd.nextInt(9));
      case 2 -> {
        if (containers.size() > 1) {
          containers.remove(0);
        }
      }
      case 3 -> ((ObjectNode) containers.get(0)).remove("env");
      case 4 -> ((ObjectNode) live.get("metadata")).putObject("labels").put("manual", "yes");
      case 5 -> ((ObjectNode) containers.get(0)).putArray("args").add("--changed");
      default -> { }
    }
    return live;
  }

  static ObjectNode withLastApplied(ObjectNode live, ObjectNode lastApplied) {
    ObjectNode md = (ObjectNode) live.get("metadata");
    ObjectNode ann = md.get("annotations") instanceof ObjectNode a ? a : md.putObject("annotations");
    ann.put(LAST_APPLIED, JSON.writeValueAsString(lastApplied));
    return live;
  }

  /** A copy with every object's keys in random order and, if asked, keyed lists shuffled. */
  static JsonNode shuffle(JsonNode node, Random rnd, boolean keyedLists) {
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(o.properties());
      Collections.shuffle(entries, rnd);
      ObjectNode out = JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> e : entries) {
        JsonNode child = shuffle(e.getValue(), rnd, keyedLists);
        if (keyedLists && child instanceof ArrayNode a && Set.of("containers", "env", "ports").contains(e.getKey())) {
          List<JsonNode> items = new ArrayList<>();
          a.forEach(items::add);
          Collections.shuffle(items, rnd);
          ArrayNode shuffled = JSON.createArrayNode();
          items.forEach(shuffled::add);
          child = shuffled;
        }
        out.set(e.getKey(), child);
      }
      return out;
    }
    if (node instanceof ArrayNode a) {
      ArrayNode out = JSON.createArrayNode();
      a.forEach(x -> out.add(shuffle(x, rnd, keyedLists)));
      return out;
    }
    return node;
  }

  /** Applies one change leniently (replace and add set, creating parents; remove removes if there). */
  static void apply(ObjectNode doc, Change c) {
    String[] segments = c.path().substring(1).split("/", -1);
    JsonNode node = doc;
    for (int i = 0; i < segments.length - 1; i++) {
      String s = segments[i].replace("~1", "/").replace("~0", "~");
      JsonNode next = node.isArray() ? node.get(Integer.parseInt(s)) : node.get(s);
      if (next == null) {
        next = ((ObjectNode) node).putObject(s);
      }
      node = next;
    }
    String last = segments[segments.length - 1].replace("~1", "/").replace("~0", "~");
    if (node instanceof ArrayNode a) {
      int idx = Integer.parseInt(last);
      switch (c.op()) {
        case REMOVE -> a.remove(idx);
        case ADD -> a.insert(idx, c.newValue().orElseThrow().deepCopy());
        case REPLACE -> a.set(idx, c.newValue().orElseThrow().deepCopy());
      }
    } else {
      ObjectNode o = (ObjectNode) node;
      if (c.op() == Change.Operation.REMOVE) {
        o.remove(last);
      } else {
        o.set(last, c.newValue().orElseThrow().deepCopy());
      }
    }
  }
}
