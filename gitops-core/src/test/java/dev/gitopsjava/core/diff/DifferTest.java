package dev.gitopsjava.core.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.Normalizer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Behaviour of the public API, used as a caller would. */
class DifferTest {
  private final Differ differ = Differ.builder().loadNormalizersFromClassPath(false).build();

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec:
        replicas: 2
        template:
          spec:
            containers:
            - name: app
              image: web:1
              ports: [{containerPort: 8080}]
              env: [{name: A, value: "1"}, {name: B, value: "2"}]
              resources: {requests: {cpu: 500m, memory: 1Gi}}
            - name: sidecar
              image: proxy:1
      """;

  private static Manifest m(String yaml) {
    return Manifest.parse(yaml);
  }

  private static String withLastApplied(String liveYaml, String lastAppliedYaml) {
    Manifest la = m(lastAppliedYaml);
    return m(liveYaml).withAnnotation("kubectl.kubernetes.io/last-applied-configuration", la.toJson()).toYaml();
  }

  private static List<String> paths(DiffResult r) {
    return r.changes().stream().map(c -> c.op().jsonName() + " " + c.path()).collect(Collectors.toList());
  }

  @Test
  void javadocExampleRuns() {
    Manifest desired = m(DEPLOYMENT);
    Manifest live = m(DEPLOYMENT.replace("replicas: 2", "replicas: 4").replace("image: web:1", "image: web:0"));
    // As in Differ's Javadoc:
    Differ differ = Differ.builder()
        .ignoreRules(List.of(IgnoreRule.jsonPointers("apps", "Deployment", "/spec/replicas")))
        .build();
    DiffResult r = differ.diff(desired, Optional.of(live), Optional.empty());
    assertTrue(r.modified());
    assertTrue(r.unifiedDiff().contains("-        image: web:0\n+        image: web:1"), r.unifiedDiff());
    assertFalse(r.unifiedDiff().contains("replicas"), r.unifiedDiff());
  }

  @Test
  void intOrStringPortsAndWholeNumbersCompareByValue() {
    String desired = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80, targetPort: \"8080\"}], x: 2}\n";
    String live = "apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: n}\n"
        + "spec: {ports: [{port: 80, protocol: TCP, targetPort: 8080}], x: 2.0, clusterIP: 10.0.0.1}\n";
    DiffResult r = differ.diff(m(desired), Optional.of(m(live)));
    assertFalse(r.modified(), r::unifiedDiff);
    assertTrue(differ.diff(m(desired), Optional.of(m(live.replace("targetPort: 8080", "targetPort: 8081")))).modified());
  }

  @Test
  void identicalObjectsAreInSync() {
    DiffResult r = differ.diff(m(DEPLOYMENT), Optional.of(m(DEPLOYMENT)));
    assertFalse(r.modified());
    assertEquals(List.of(), r.changes());
    assertEquals("", r.unifiedDiff());
  }

  @Test
  void changedFieldIsAReplaceWithOldAndNew() {
    DiffResult r = differ.diff(m(DEPLOYMENT), Optional.of(m(DEPLOYMENT.replace("replicas: 2", "replicas: 5"))));
    assertTrue(r.modified());
    Change c = r.changes().get(0);
    assertEquals("/spec/replicas", c.path());
    assertEquals(Change.Operation.REPLACE, c.op());
    assertEquals(5, c.oldValue().orElseThrow().asInt());
    assertEquals(2, c.newValue().orElseThrow().asInt());
    assertTrue(r.unifiedDiff().contains("-  replicas: 5\n+  replicas: 2"), r.unifiedDiff());
  }

  @Test
  void serverSetAndDefaultedFieldsAreNotDrift() {
    String live = DEPLOYMENT.replace("metadata: {name: web, namespace: shop, labels: {app: web}}", """
        metadata:
          name: web
          namespace: shop
          labels: {app: web}
          uid: abc
          resourceVersion: "9"
          generation: 3
          creationTimestamp: "2026-01-01T00:00:00Z"
          managedFields: [{manager: kubectl, operation: Update}]""")
        .replace("image: web:1", "image: web:1\n        imagePullPolicy: IfNotPresent\n        terminationMessagePath: /dev/termination-log")
        + "status: {readyReplicas: 2}\n";
    assertFalse(differ.diff(m(DEPLOYMENT), Optional.of(m(live))).modified(), () -> differ.diff(m(DEPLOYMENT), Optional.of(m(live))).unifiedDiff());
  }

  @Test
  void quantitiesCompareCanonically() {
    String live = DEPLOYMENT.replace("cpu: 500m, memory: 1Gi", "cpu: 0.5, memory: 1024Mi");
    assertFalse(differ.diff(m(DEPLOYMENT), Optional.of(m(live))).modified());
    String bigger = DEPLOYMENT.replace("cpu: 500m, memory: 1Gi", "cpu: 500m, memory: 1G");
    assertTrue(differ.diff(m(DEPLOYMENT), Optional.of(m(bigger))).modified());
  }

  @Test
  void keyedListsMergeByKeyRegardlessOfOrder() {
    String live = DEPLOYMENT.replace("env: [{name: A, value: \"1\"}, {name: B, value: \"2\"}]",
        "env: [{name: B, value: \"2\"}, {name: INJECTED, value: x}, {name: A, value: \"1\"}]");
    DiffResult r = differ.diff(m(DEPLOYMENT), Optional.of(m(live)));
    assertFalse(r.modified(), r::unifiedDiff);
  }

  @Test
  void changeInsideKeyedListUsesLiveIndex() {
    String live = DEPLOYMENT.replace("- name: app\n        image: web:1", "- name: app\n        image: web:0");
    String swapped = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, labels: {app: web}}
        spec:
          replicas: 2
          template:
            spec:
              containers:
              - name: sidecar
                image: proxy:1
              - name: app
                image: web:0
                ports: [{containerPort: 8080, protocol: TCP}]
                env: [{name: A, value: "1"}, {name: B, value: "2"}]
                resources: {requests: {cpu: 500m, memory: 1Gi}}
        """;
    assertEquals(List.of("replace /spec/template/spec/containers/1/image"),
        paths(differ.diff(m(DEPLOYMENT), Optional.of(m(swapped)))));
    assertTrue(differ.diff(m(DEPLOYMENT), Optional.of(m(live))).modified());
  }

  @Test
  void fieldDroppedFromDesiredIsARemovalOnlyWhenLastAppliedHadIt() {
    String desired = DEPLOYMENT.replace(", labels: {app: web}", "");
    String liveWithoutLastApplied = DEPLOYMENT;
    assertFalse(differ.diff(m(desired), Optional.of(m(liveWithoutLastApplied))).modified());
    String live = withLastApplied(DEPLOYMENT, DEPLOYMENT);
    DiffResult r = differ.diff(m(desired), Optional.of(m(live)));
    assertEquals(List.of("remove /metadata/labels"), paths(r));
    // The explicit last-applied argument wins over the annotation.
    assertFalse(differ.diff(m(desired), Optional.of(m(live)), Optional.of(m(desired))).modified());
  }

  @Test
  void keyedListElementDroppedFromDesiredIsRemoved() {
    String desired = DEPLOYMENT.replace(", {name: B, value: \"2\"}", "");
    DiffResult r = differ.diff(m(desired), Optional.of(m(withLastApplied(DEPLOYMENT, DEPLOYMENT))));
    assertEquals(List.of("remove /spec/template/spec/containers/0/env/1"), paths(r));
  }

  @Test
  void missingLiveIsACreation() {
    DiffResult r = differ.diff(m(DEPLOYMENT), Optional.empty());
    assertTrue(r.modified());
    assertTrue(r.creation());
    assertEquals(List.of("add "), paths(r));
    assertEquals("web", r.mergedObject().key().name());
  }

  @Test
  void mergedObjectIsLiveWithDesiredAppliedAndIgnoreRulesDoNotChangeIt() {
    String live = DEPLOYMENT.replace("replicas: 2", "replicas: 7").replace("metadata: {name: web, namespace: shop, labels: {app: web}}",
        "metadata: {name: web, namespace: shop, labels: {app: web}, resourceVersion: \"42\", annotations: {keep: me}}")
        + "status: {readyReplicas: 7}\n";
    String desired = DEPLOYMENT.replace("image: web:1", "image: web:2");
    Differ ignoring = Differ.builder().loadNormalizersFromClassPath(false)
        .ignoreRule(IgnoreRule.jsonPointers("apps", "Deployment", "/spec/replicas")).build();
    DiffResult r = ignoring.diff(m(desired), Optional.of(m(live)));
    assertEquals(List.of("replace /spec/template/spec/containers/0/image"), paths(r));
    ObjectNode merged = (ObjectNode) r.mergedObject().tree();
    assertEquals("web:2", merged.at("/spec/template/spec/containers/0/image").asString());
    assertEquals(2, merged.at("/spec/replicas").asInt(), "ignore rules never change what is written");
    assertEquals("42", merged.at("/metadata/resourceVersion").asString());
    assertEquals("me", merged.at("/metadata/annotations/keep").asString());
    assertFalse(merged.has("status"));
    assertTrue(r.mergedObject().annotation("kubectl.kubernetes.io/last-applied-configuration").orElseThrow()
        .contains("web:2"));
  }

  @Test
  void jqIgnoreRuleSelectsByName() {
    String live = DEPLOYMENT.replace("image: proxy:1", "image: proxy:9").replace("image: web:1", "image: web:9");
    Differ ignoring = Differ.builder().loadNormalizersFromClassPath(false)
        .ignoreRule(IgnoreRule.jqPaths("apps", "*",
            ".spec.template.spec.containers[] | select(.name == \"sidecar\") | .image"))
        .build();
    assertEquals(List.of("replace /spec/template/spec/containers/0/image"),
        paths(ignoring.diff(m(DEPLOYMENT), Optional.of(m(live)))));
  }

  @Test
  void ignoreRuleForAnotherObjectDoesNotApply() {
    String live = DEPLOYMENT.replace("replicas: 2", "replicas: 7");
    Differ ignoring = Differ.builder().loadNormalizersFromClassPath(false)
        .ignoreRule(IgnoreRule.jsonPointers("apps", "Deployment", "/spec/replicas").forObject("shop", "other"))
        .build();
    assertTrue(ignoring.diff(m(DEPLOYMENT), Optional.of(m(live))).modified());
  }

  @Test
  void unsupportedJqExpressionFailsAtBuildNamingIt() {
    InvalidIgnoreRuleException e = assertThrows(InvalidIgnoreRuleException.class, () -> Differ.builder()
        .ignoreRule(IgnoreRule.jqPaths("apps", "Deployment", ".spec.template | to_entries")).build());
    assertTrue(e.getMessage().contains(".spec.template | to_entries"), e.getMessage());
    assertEquals(".spec.template | to_entries", e.expression());
    assertThrows(InvalidIgnoreRuleException.class, () -> Differ.builder()
        .ignoreRule(IgnoreRule.jsonPointers("", "*", "spec/replicas")).build());
  }

  @Test
  void secretValuesAreMaskedEverywhereButInTheMergedObject() {
    String desired = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2, user: admin}\n";
    String live = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: x}\ndata: {password: b2xk, user: YWRtaW4=}\n";
    DiffResult r = differ.diff(m(desired), Optional.of(m(live)));
    assertTrue(r.modified());
    String shown = r.changes() + r.unifiedDiff() + r.predictedLive() + r.normalizedLive().orElseThrow();
    for (String secret : List.of("hunter2", "aHVudGVyMg==", "b2xk", "YWRtaW4=")) {
      assertFalse(shown.contains(secret), secret + " leaked: " + shown);
    }
    assertEquals(List.of("replace /data/password"), paths(r), "equal values get equal masks");
    assertEquals("aHVudGVyMg==", r.mergedObject().tree().at("/data/password").asString());
  }

  @Test
  void normalizerFromTheBuilderRuns() {
    Normalizer dropReplicas = new Normalizer() {
      @Override public String name() {
        return "drop-replicas";
      }

      @Override public boolean appliesTo(ResourceKey key) {
        return key.kind().equals("Deployment");
      }

      @Override public void normalize(ResourceKey key, ObjectNode document) {
        ((ObjectNode) document.path("spec")).remove("replicas");
      }
    };
    String live = DEPLOYMENT.replace("replicas: 2", "replicas: 7");
    Differ d = Differ.builder().loadNormalizersFromClassPath(false).normalizer(dropReplicas).build();
    assertFalse(d.diff(m(DEPLOYMENT), Optional.of(m(live))).modified());
  }

  @Test
  void normalizersOnTheClassPathAreLoadedUnlessTurnedOff() {
    String desired = "apiVersion: test.gitopsjava.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1, observedBy: a}\n";
    String live = "apiVersion: test.gitopsjava.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 1, observedBy: b}\n";
    assertFalse(Differ.standard().diff(m(desired), Optional.of(m(live))).modified());
    assertTrue(differ.diff(m(desired), Optional.of(m(live))).modified());
  }

  @Test
  void anEmptyListIsAbsentForBuiltInKindsButAValueForCustomResources() {
    String sa = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s}\nimagePullSecrets: []\n";
    String saLive = "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: n}\nsecrets: [{name: t}]\n";
    assertFalse(differ.diff(m(sa), Optional.of(m(saLive))).modified());
    String cr = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {items: []}\n";
    String crLive = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {items: [a]}\n";
    assertEquals(List.of("replace /spec/items"), paths(differ.diff(m(cr), Optional.of(m(crLive)))));
    assertFalse(differ.diff(m(cr), Optional.of(m(cr))).modified());
  }

  @Test
  void customKindsCompareListsWholeUntilAMergeKeyIsDeclared() {
    String desired = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {items: [{name: a, v: 1}]}\n";
    String live = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {items: [{name: b, v: 2}, {name: a, v: 1}]}\n";
    assertTrue(differ.diff(m(desired), Optional.of(m(live))).modified());
    Differ keyed = Differ.builder().loadNormalizersFromClassPath(false)
        .mergeKey("example.com/Widget", "/spec/items", "name").build();
    assertFalse(keyed.diff(m(desired), Optional.of(m(live))).modified());
  }

  @Test
  void builderOptionsAreSetOnce() {
    Differ.Builder b = Differ.builder().serverSide(true);
    assertThrows(IllegalStateException.class, () -> b.serverSide(false));
    assertThrows(IllegalArgumentException.class, () -> Differ.builder().fieldManager(" "));
    assertThrows(IllegalArgumentException.class, () -> Differ.builder().mergeKey("Widget", "/spec/items", "name"));
  }

  @Test
  void serverSideModeRemovesOnlyFieldsTheManagerOwned() {
    String live = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: c
          namespace: x
          managedFields:
          - manager: gitops-java
            operation: Apply
            fieldsV1: {"f:data": {"f:a": {}, "f:b": {}}}
          - manager: someone-else
            operation: Update
            fieldsV1: {"f:data": {"f:c": {}}}
        data: {a: "1", b: "2", c: "3"}
        """;
    String desired = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: x}\ndata: {a: \"1\"}\n";
    DiffResult r = Differ.builder().loadNormalizersFromClassPath(false).serverSide(true).build()
        .diff(m(desired), Optional.of(m(live)));
    assertEquals(List.of("remove /data/b"), paths(r));
  }
}
