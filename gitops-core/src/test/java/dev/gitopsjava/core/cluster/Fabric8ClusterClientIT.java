package dev.gitopsjava.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Fabric8ClusterClientIT {

  private static MockCluster mock;
  private static ClusterClient cluster;

  @BeforeAll
  static void start() {
    mock = MockCluster.start();
    cluster = ClusterClient.fabric8(mock.client());
  }

  @AfterAll
  static void stop() {
    mock.close();
  }

  private static Manifest configMap(String ns, String name, String value) {
    return Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s}
        data: {key: "%s"}
        """.formatted(name, ns, value));
  }

  private static String rv(Manifest m) {
    return m.tree().path("metadata").path("resourceVersion").asString();
  }

  @Test
  void createsReadsUpdatesAndDeletesAnObject() {
    Manifest created = cluster.create(configMap("crud", "settings", "one"));
    assertFalse(rv(created).isEmpty(), "the server sets a resourceVersion");

    Manifest read = cluster.get(created.key()).orElseThrow();
    assertEquals("one", read.tree().path("data").path("key").asString());

    var changed = read.mutableCopy();
    ((tools.jackson.databind.node.ObjectNode) changed.get("data")).put("key", "two");
    Manifest updated = cluster.update(read.withTree(changed));
    assertEquals("two", cluster.get(created.key()).orElseThrow().tree().path("data").path("key").asString());
    assertTrue(Long.parseLong(rv(updated)) > Long.parseLong(rv(read)));

    assertTrue(cluster.delete(created.key(), DeletePropagation.FOREGROUND));
    assertTrue(cluster.get(created.key()).isEmpty());
    assertFalse(cluster.delete(created.key(), DeletePropagation.FOREGROUND), "already gone");
  }

  @Test
  void updateWithStaleResourceVersionIsARetryableConflict() {
    Manifest first = cluster.create(configMap("stale", "cm", "one"));
    var newer = first.mutableCopy();
    ((tools.jackson.databind.node.ObjectNode) newer.get("data")).put("key", "two");
    cluster.update(first.withTree(newer));

    var stale = first.mutableCopy();
    ((tools.jackson.databind.node.ObjectNode) stale.get("data")).put("key", "three");
    ConflictException e = assertThrows(ConflictException.class, () -> cluster.update(first.withTree(stale)));
    assertEquals(409, e.statusCode());
    assertTrue(e.isRetryable());
    assertEquals(first.key(), e.resource().orElseThrow());
    assertEquals("two", cluster.get(first.key()).orElseThrow().tree().path("data").path("key").asString());
  }

  @Test
  void updateWithoutResourceVersionIsRefusedBeforeAnyRequest() {
    assertThrows(IllegalArgumentException.class, () -> cluster.update(configMap("norv", "cm", "x")));
  }

  @Test
  void readModifyWriteReReadsAfterAConflict() {
    Manifest created = cluster.create(configMap("rmw", "cm", "one"));
    AtomicInteger attempts = new AtomicInteger();
    Manifest result = cluster.update(created.key(), live -> {
      if (attempts.incrementAndGet() == 1) {
        // Someone else writes between our read and our write.
        mock.client().configMaps().inNamespace("rmw").withName("cm")
            .edit(cm -> new ConfigMapBuilder(cm).addToData("other", "theirs").build());
      }
      var copy = live.mutableCopy();
      ((tools.jackson.databind.node.ObjectNode) copy.get("data")).put("key", "ours");
      return live.withTree(copy);
    }, 3);
    assertEquals(2, attempts.get());
    assertEquals("ours", result.tree().path("data").path("key").asString());
    assertEquals("theirs", result.tree().path("data").path("other").asString(), "the other writer's change survives");
  }

  @Test
  void createOfAnExistingObjectIsAConflict() {
    cluster.create(configMap("dup", "cm", "one"));
    ConflictException e = assertThrows(ConflictException.class, () -> cluster.create(configMap("dup", "cm", "two")));
    assertEquals(409, e.statusCode());
  }

  @Test
  void builtInKindsKnowTheirScopeWithoutDiscovery() {
    ResourceType ns = cluster.resourceType("v1", "Namespace");
    assertFalse(ns.namespaced());
    assertEquals("namespaces", ns.plural());
    ResourceType deploy = cluster.resourceType("apps/v1", "Deployment");
    assertTrue(deploy.namespaced());
    assertEquals("deployments", deploy.plural());
    assertFalse(cluster.resourceType("rbac.authorization.k8s.io/v1", "ClusterRole").namespaced());
  }

  @Test
  void unknownKindIsATypedErrorAndNothingIsWritten() {
    Manifest widget = Manifest.parse("""
        apiVersion: nowhere.example.com/v1
        kind: Gadget
        metadata: {name: g, namespace: unknown}
        """);
    UnknownKindException e = assertThrows(UnknownKindException.class, () -> cluster.create(widget));
    assertEquals("Gadget", e.kind());
    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().contains("nowhere.example.com/v1"), e.getMessage());
    var stored = mock.client().genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
        .withGroup("nowhere.example.com").withVersion("v1").withKind("Gadget").withPlural("gadgets").withNamespaced(true)
        .build()).inAnyNamespace().list();
    assertTrue(stored.getItems().isEmpty(), "no write reached the server");
  }

  @Test
  void customResourceKindsAreReadFromCustomResourceDefinitionsInTheCluster() {
    cluster.create(Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions:
            - {name: v1, served: true, storage: true}
            - {name: v0, served: false, storage: false}
        """));
    ResourceType widgets = cluster.resourceType("example.com/v1", "Widget");
    assertTrue(widgets.namespaced());
    assertEquals("widgets", widgets.plural());
    assertTrue(cluster.resourceTypes().contains(widgets), "an owned-object sweep lists CRD kinds too");

    Manifest w = cluster.create(Manifest.parse("""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w1, namespace: crs}
        spec: {size: 3}
        """));
    assertEquals(3, cluster.get(w.key()).orElseThrow().tree().path("spec").path("size").asInt());

    UnknownKindException notServed = assertThrows(UnknownKindException.class,
        () -> cluster.resourceType("example.com/v0", "Widget"));
    assertTrue(notServed.getMessage().contains("does not serve version v0"), notServed.getMessage());
  }

  @Test
  void clusterScopedObjectsNeedNoNamespace() {
    Manifest ns = cluster.create(Manifest.parse("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a}
        """));
    assertTrue(ns.key().clusterScoped());
    assertTrue(cluster.get(ResourceKey.of("v1", "Namespace", "", "team-a")).isPresent());
  }

  @Test
  void namespacedKeyWithoutNamespaceIsRefused() {
    Manifest noNs = Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: floating}
        """);
    assertThrows(IllegalArgumentException.class, () -> cluster.create(noNs));
  }

  /**
   * Would fail if the owned-object listing used a set-based selector ({@code in}, {@code notin},
   * matchExpressions): fabric8's mock ignores those and returns every object, the unowned one too.
   */
  @Test
  void listingByOwnerLabelNeverReturnsAnUnownedObjectInTheSameNamespace() {
    TrackingMark mark = TrackingMark.of("payment-api");
    cluster.create(mark.applyTo(configMap("shared", "ours", "1")));
    cluster.create(configMap("shared", "not-ours", "2"));
    cluster.create(TrackingMark.of("other-app").applyTo(configMap("shared", "theirs", "3")));

    ResourceType cms = cluster.resourceType("v1", "ConfigMap");
    List<Manifest> listed = cluster.list(cms, "shared", mark.selector());
    assertEquals(List.of("ours"), listed.stream().map(m -> m.key().name()).toList());
    assertTrue(mark.owns(listed.get(0)));
    assertEquals("ConfigMap", listed.get(0).key().kind(), "list items carry kind and apiVersion");

    assertEquals(3, cluster.list(cms, "shared", Map.of()).size(), "an empty selector lists everything");
    assertEquals(List.of("ours"),
        cluster.list(cms, "", mark.selector()).stream().map(m -> m.key().name()).toList(),
        "all namespaces");
  }

  @Test
  void selectorValuesThatWouldChangeTheSelectorAreRefused() {
    ResourceType cms = cluster.resourceType("v1", "ConfigMap");
    assertThrows(IllegalArgumentException.class, () -> cluster.list(cms, "x", Map.of("app", "a,b")));
    assertThrows(IllegalArgumentException.class, () -> cluster.list(cms, "x", Map.of("app in (a", "b)")));
    assertThrows(IllegalArgumentException.class, () -> cluster.list(cms, "x", Map.of("!app", "")));
  }

  @Test
  void serverSideApplyIsReportedAsUnsupportedByTheMock() {
    // The mock answers 404 for an absent object and 415 for an existing one (fabric8-mock-notes.md).
    ClusterException absent = assertThrows(ClusterException.class,
        () -> cluster.serverSideApply(configMap("ssa", "cm", "x"), "gitops-java"));
    assertEquals(404, absent.statusCode());
    assertFalse(absent.isRetryable());
    cluster.create(configMap("ssa", "cm", "x"));
    ClusterException existing = assertThrows(ClusterException.class,
        () -> cluster.serverSideApply(configMap("ssa", "cm", "y"), "gitops-java"));
    assertEquals(415, existing.statusCode());
  }

  @Test
  void watchReportsAddModifyDeleteOfSelectedObjectsOnly() throws Exception {
    TrackingMark mark = TrackingMark.of("watched");
    ResourceType cms = cluster.resourceType("v1", "ConfigMap");
    BlockingQueue<ClusterEvent> events = new LinkedBlockingQueue<>();
    try (ClusterWatch w = cluster.watch(cms, "watch", mark.selector(), events::add)) {
      Manifest ours = cluster.create(mark.applyTo(configMap("watch", "ours", "1")));
      cluster.create(configMap("watch", "unowned", "1"));
      ClusterEvent added = events.poll(5, TimeUnit.SECONDS);
      assertEquals(ClusterEvent.Type.ADDED, added.type());
      assertEquals(ours.key(), added.object().key());

      cluster.update(ours.key(), live -> {
        var copy = live.mutableCopy();
        ((tools.jackson.databind.node.ObjectNode) copy.get("data")).put("key", "2");
        return live.withTree(copy);
      }, 1);
      ClusterEvent modified = events.poll(5, TimeUnit.SECONDS);
      assertEquals(ClusterEvent.Type.MODIFIED, modified.type());
      assertEquals("2", modified.object().tree().path("data").path("key").asString());

      cluster.delete(ours.key(), DeletePropagation.BACKGROUND);
      ClusterEvent deleted = events.poll(5, TimeUnit.SECONDS);
      assertEquals(ClusterEvent.Type.DELETED, deleted.type());
      assertEquals(ours.key(), deleted.object().key());
      assertTrue(events.isEmpty(), "the unowned object produced no event: " + events);
    }
  }

  @Test
  void anUnreachableServerIsARetryableUnavailableError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port)
        .withRequestTimeout(1_000).withConnectionTimeout(1_000).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient down = new KubernetesClientBuilder().withConfig(config).build()) {
      ClusterClient unreachable = ClusterClient.fabric8(down);
      ClusterUnavailableException e = assertThrows(ClusterUnavailableException.class,
          () -> unreachable.get(ResourceKey.of("v1", "ConfigMap", "x", "y")));
      assertEquals(0, e.statusCode());
      assertTrue(e.isRetryable());
    }
  }
}
