package dev.gitopsjava.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthAssessorTest {

  static HealthCheck fixed(String groupKind, int priority, HealthStatus status) {
    return new HealthCheck() {
      @Override
      public boolean appliesTo(ResourceKey key) {
        return key.groupKind().equals(groupKind);
      }

      @Override
      public int priority() {
        return priority;
      }

      @Override
      public HealthStatus assess(Manifest live) {
        return status;
      }
    };
  }

  static final Manifest DEPLOYMENT = Manifest.parse("""
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, generation: 2}
      spec: {replicas: 3}
      status: {observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 1}
      """);

  @Test
  void customCheckOverridesBuiltIn() {
    assertEquals(HealthCode.PROGRESSING, HealthAssessor.builtIn().assess(DEPLOYMENT).orElseThrow().status());
    HealthAssessor custom = HealthAssessor.builder()
        .register(fixed("apps/Deployment", 0, HealthStatus.healthy("custom"))).build();
    assertEquals(HealthStatus.healthy("custom"), custom.assess(DEPLOYMENT).orElseThrow());
  }

  @Test
  void highestPriorityWinsAndLaterRegistrationBreaksTies() {
    HealthAssessor byPriority = HealthAssessor.builder()
        .register(fixed("apps/Deployment", 5, HealthStatus.degraded("high")))
        .register(fixed("apps/Deployment", 1, HealthStatus.healthy("low")))
        .build();
    assertEquals("high", byPriority.assess(DEPLOYMENT).orElseThrow().message());
    HealthAssessor tie = HealthAssessor.builder()
        .register(fixed("apps/Deployment", 0, HealthStatus.degraded("first")))
        .register(fixed("apps/Deployment", 0, HealthStatus.healthy("second")))
        .build();
    assertEquals("second", tie.assess(DEPLOYMENT).orElseThrow().message());
  }

  @Test
  void aThrowingCheckGivesUnknownWithItsMessage() {
    HealthCheck broken = new HealthCheck() {
      @Override
      public boolean appliesTo(ResourceKey key) {
        return true;
      }

      @Override
      public HealthStatus assess(Manifest live) {
        throw new IllegalStateException("status.widgets is not a list");
      }
    };
    HealthStatus s = HealthAssessor.builder().register(broken).build().assess(DEPLOYMENT).orElseThrow();
    assertEquals(HealthStatus.unknown("status.widgets is not a list"), s);
  }

  @Test
  void pendingDeletionComesFirstUnlessHookFinalizer() {
    Manifest deleting = DEPLOYMENT;
    var tree = deleting.mutableCopy();
    ((tools.jackson.databind.node.ObjectNode) tree.get("metadata")).put("deletionTimestamp", "2026-11-27T00:00:00Z");
    Manifest configMapDeleting = Manifest.parse(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, deletionTimestamp: '2026-11-27T00:00:00Z'}\n");
    HealthAssessor assessor = HealthAssessor.builtIn();
    assertEquals(HealthStatus.progressing("Pending deletion"), assessor.assess(deleting.withTree(tree)).orElseThrow());
    assertEquals(HealthStatus.progressing("Pending deletion"), assessor.assess(configMapDeleting).orElseThrow());
    ((tools.jackson.databind.node.ObjectNode) tree.get("metadata")).putArray("finalizers")
        .add("argocd.argoproj.io/hook-finalizer");
    assertEquals(HealthCode.PROGRESSING, assessor.assess(deleting.withTree(tree)).orElseThrow().status());
    assertTrue(assessor.assess(deleting.withTree(tree)).orElseThrow().message().contains("1 of 3"));
  }

  @Test
  void kindsWithoutACheckHaveNoHealth() {
    Manifest cm = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
    assertEquals(Optional.empty(), HealthAssessor.builtIn().assess(cm));
    assertFalse(HealthAssessor.builtIn().hasCheck(cm.key()));
    assertTrue(HealthAssessor.builtIn().hasCheck(DEPLOYMENT.key()));
  }

  @Test
  void serviceLoaderFindsChecksListedInMetaInfServices() {
    Manifest widget = Manifest.parse("apiVersion: example.com/v1\nkind: ServiceLoadedWidget\nmetadata: {name: w}\n");
    assertEquals(Optional.empty(), HealthAssessor.builtIn().assess(widget));
    assertEquals(HealthStatus.healthy("found by ServiceLoader"),
        HealthAssessor.withServices().assess(widget).orElseThrow());
  }

  @Test
  void replicaSetFailureIsDegradedAndMissingReplicasProgressing() {
    Manifest failing = Manifest.parse("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs, generation: 1}
        spec: {replicas: 2}
        status:
          observedGeneration: 1
          conditions: [{type: ReplicaFailure, status: "True", message: "pods \\"x\\" is forbidden: quota"}]
        """);
    assertEquals(HealthStatus.degraded("pods \"x\" is forbidden: quota"), HealthAssessor.builtIn().assess(failing).orElseThrow());
    Manifest scaling = Manifest.parse("""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs, generation: 1}
        spec: {replicas: 2}
        status: {observedGeneration: 1, availableReplicas: 1}
        """);
    assertEquals(HealthCode.PROGRESSING, HealthAssessor.builtIn().assess(scaling).orElseThrow().status());
  }

  @Test
  void pvcLostIsDegradedAndStatefulSetPartitionIsAwaited() {
    Manifest lost = Manifest.parse("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: p}\nstatus: {phase: Lost}\n");
    assertEquals(HealthCode.DEGRADED, HealthAssessor.builtIn().assess(lost).orElseThrow().status());
    Manifest partitioned = Manifest.parse("""
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, generation: 3}
        spec: {replicas: 5, updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 2}}}
        status: {observedGeneration: 3, readyReplicas: 5, updatedReplicas: 2}
        """);
    assertEquals(HealthStatus.progressing(
        "Waiting for partitioned roll out to finish: 2 out of 3 new pods have been updated..."),
        HealthAssessor.builtIn().assess(partitioned).orElseThrow());
  }

  @Test
  void unsupportedHpaVersionIsUnknown() {
    Manifest hpa = Manifest.parse(
        "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n");
    assertEquals(HealthCode.UNKNOWN, HealthAssessor.builtIn().assess(hpa).orElseThrow().status());
  }

  @Test
  void rollUpOfNoResourcesIsHealthy() {
    ApplicationHealth app = HealthAssessor.builtIn().assessApplication(List.of());
    assertEquals(HealthCode.HEALTHY, app.status());
    assertEquals("", app.causesMessage());
  }

  @Test
  void workflowPhases() {
    for (String[] c : new String[][] {{"Running", "Progressing"}, {"Succeeded", "Healthy"}, {"Error", "Degraded"},
        {"Odd", "Unknown"}}) {
      Manifest wf = Manifest.parse("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\n"
          + "status: {phase: " + c[0] + "}\n");
      assertEquals(c[1], HealthAssessor.builtIn().assess(wf).orElseThrow().status().displayName(), c[0]);
    }
  }
}
