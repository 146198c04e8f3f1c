package dev.gitopsjava.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gitopsjava.core.model.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceTypeTest {

  @Test
  void aCrdDefinesOneTypePerServedVersion() {
    Manifest crd = Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: certificates.cert-manager.io}
        spec:
          group: cert-manager.io
          scope: Namespaced
          names: {kind: Certificate, plural: certificates}
          versions:
            - {name: v1, served: true, storage: true}
            - {name: v1alpha2, served: false, storage: false}
            - {name: v1beta1, served: true, storage: false}
        """);
    assertEquals(List.of(
        new ResourceType("cert-manager.io", "v1", "Certificate", "certificates", true),
        new ResourceType("cert-manager.io", "v1beta1", "Certificate", "certificates", true)),
        ResourceType.definedBy(crd));
  }

  @Test
  void clusterScopedCrdsAndTheOldSingleVersionFieldAreRead() {
    Manifest crd = Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: clusterissuers.cert-manager.io}
        spec:
          group: cert-manager.io
          scope: Cluster
          version: v1
          names: {kind: ClusterIssuer}
        """);
    assertEquals(List.of(new ResourceType("cert-manager.io", "v1", "ClusterIssuer", "clusterissuers", false)),
        ResourceType.definedBy(crd));
  }

  @Test
  void onlyCrdsDefineTypes() {
    assertThrows(IllegalArgumentException.class, () -> ResourceType.definedBy(
        Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")));
    assertThrows(IllegalArgumentException.class, () -> ResourceType.definedBy(Manifest.parse("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: broken.example.com}
        spec: {group: example.com}
        """)));
  }

  @Test
  void apiVersionIsWrittenAsInManifests() {
    assertEquals("v1", new ResourceType("", "v1", "Pod", "pods", true).apiVersion());
    assertEquals("apps/v1", new ResourceType("apps", "v1", "Deployment", "deployments", true).apiVersion());
  }
}
