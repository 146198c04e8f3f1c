package dev.gitopsjava.core.sync;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Argo CD's kind order within a phase and wave (taken by Argo CD from Helm's kind sorter). Only
 * the kind string counts, never the API group. Listed kinds rank -35 (Namespace) to -1
 * (APIService); any other kind, every custom resource included, ranks 0 and so comes after them.
 */
final class KindOrder {
  private static final List<String> KINDS = List.of(
      "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
      "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
      "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
      "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList",
      "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController",
      "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
      "IngressClass", "Ingress", "APIService");
  private static final Map<String, Integer> RANKS = new HashMap<>();

  static {
    for (int i = 0; i < KINDS.size(); i++) {
      RANKS.put(KINDS.get(i), i - KINDS.size());
    }
  }

  private KindOrder() {}

  static int rank(String kind) {
    return RANKS.getOrDefault(kind, 0);
  }
}
