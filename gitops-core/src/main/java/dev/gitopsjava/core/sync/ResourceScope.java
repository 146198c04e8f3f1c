package dev.gitopsjava.core.sync;

import dev.gitopsjava.core.model.ResourceKey;
import java.util.Set;

/**
 * Whether a kind lives in a namespace. The cluster client knows this from API discovery; the
 * planner needs it to give unnamespaced manifests the destination namespace and to match them with
 * live objects.
 */
public enum ResourceScope {
  /** The kind lives in a namespace. */
  NAMESPACED,
  /** The kind is cluster-scoped (Namespace, ClusterRole, CRD, ...). */
  CLUSTER,
  /**
   * Not known (e.g. a custom resource whose CRD is not installed yet). The planner then does what
   * Argo CD does: gives the manifest the destination namespace and matches a live object under
   * either key, so an object is never pruned because its scope was unknown.
   */
  UNKNOWN;

  // Built-in kinds of a Kubernetes API server, by "group/kind".
  private static final Set<String> CLUSTER_KINDS = Set.of(
      "/Namespace", "/Node", "/PersistentVolume", "/ComponentStatus",
      "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
      "apiextensions.k8s.io/CustomResourceDefinition",
      "apiregistration.k8s.io/APIService",
      "storage.k8s.io/StorageClass", "storage.k8s.io/CSIDriver", "storage.k8s.io/CSINode",
      "storage.k8s.io/VolumeAttachment",
      "scheduling.k8s.io/PriorityClass",
      "networking.k8s.io/IngressClass",
      "node.k8s.io/RuntimeClass",
      "admissionregistration.k8s.io/MutatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
      "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
      "certificates.k8s.io/CertificateSigningRequest",
      "flowcontrol.apiserver.k8s.io/FlowSchema",
      "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
      "policy/PodSecurityPolicy");

  private static final Set<String> NAMESPACED_KINDS = Set.of(
      "/Pod", "/Service", "/ConfigMap", "/Secret", "/ServiceAccount", "/PersistentVolumeClaim",
      "/Endpoints", "/Event", "/LimitRange", "/ResourceQuota", "/ReplicationController",
      "/PodTemplate",
      "apps/Deployment", "apps/StatefulSet", "apps/DaemonSet", "apps/ReplicaSet",
      "apps/ControllerRevision",
      "batch/Job", "batch/CronJob",
      "autoscaling/HorizontalPodAutoscaler",
      "networking.k8s.io/Ingress", "networking.k8s.io/NetworkPolicy",
      "policy/PodDisruptionBudget",
      "rbac.authorization.k8s.io/Role", "rbac.authorization.k8s.io/RoleBinding",
      "coordination.k8s.io/Lease",
      "discovery.k8s.io/EndpointSlice",
      "events.k8s.io/Event");

  /**
   * The scope of a built-in Kubernetes kind; {@link #UNKNOWN} for anything else. This is the
   * planner's default lookup; embedders with API discovery pass their own.
   */
  public static ResourceScope ofBuiltInKind(ResourceKey key) {
    String groupKind = key.groupKind();
    if (CLUSTER_KINDS.contains(groupKind)) {
      return CLUSTER;
    }
    if (NAMESPACED_KINDS.contains(groupKind)) {
      return NAMESPACED;
    }
    return UNKNOWN;
  }
}
