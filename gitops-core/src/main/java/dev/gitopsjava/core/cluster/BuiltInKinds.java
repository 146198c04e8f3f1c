package dev.gitopsjava.core.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scope and plural of the kinds every conformant Kubernetes cluster serves, so the engine knows
 * them without {@code /apis} discovery (which fabric8's in-process mock does not implement: it
 * answers with stored objects instead of an API resource list).
 */
final class BuiltInKinds {

  private record Entry(String plural, boolean namespaced, List<String> versions) {}

  private static final Map<String, Entry> KINDS = new HashMap<>();

  static {
    core("Namespace", "namespaces", false);
    core("Node", "nodes", false);
    core("PersistentVolume", "persistentvolumes", false);
    core("Pod", "pods", true);
    core("Service", "services", true);
    core("ConfigMap", "configmaps", true);
    core("Secret", "secrets", true);
    core("ServiceAccount", "serviceaccounts", true);
    core("PersistentVolumeClaim", "persistentvolumeclaims", true);
    core("Endpoints", "endpoints", true);
    core("LimitRange", "limitranges", true);
    core("ResourceQuota", "resourcequotas", true);
    core("ReplicationController", "replicationcontrollers", true);
    core("Event", "events", true);
    core("PodTemplate", "podtemplates", true);
    add("apps", "Deployment", "deployments", true, "v1");
    add("apps", "StatefulSet", "statefulsets", true, "v1");
    add("apps", "DaemonSet", "daemonsets", true, "v1");
    add("apps", "ReplicaSet", "replicasets", true, "v1");
    add("apps", "ControllerRevision", "controllerrevisions", true, "v1");
    add("batch", "Job", "jobs", true, "v1");
    add("batch", "CronJob", "cronjobs", true, "v1");
    add("autoscaling", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, "v1", "v2");
    add("networking.k8s.io", "Ingress", "ingresses", true, "v1");
    add("networking.k8s.io", "IngressClass", "ingressclasses", false, "v1");
    add("networking.k8s.io", "NetworkPolicy", "networkpolicies", true, "v1");
    add("policy", "PodDisruptionBudget", "poddisruptionbudgets", true, "v1");
    add("rbac.authorization.k8s.io", "Role", "roles", true, "v1");
    add("rbac.authorization.k8s.io", "RoleBinding", "rolebindings", true, "v1");
    add("rbac.authorization.k8s.io", "ClusterRole", "clusterroles", false, "v1");
    add("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings", false, "v1");
    add("storage.k8s.io", "StorageClass", "storageclasses", false, "v1");
    add("storage.k8s.io", "CSIDriver", "csidrivers", false, "v1");
    add("storage.k8s.io", "VolumeAttachment", "volumeattachments", false, "v1");
    add("apiextensions.k8s.io", "CustomResourceDefinition", "customresourcedefinitions", false, "v1");
    add("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, "v1");
    add("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, "v1");
    add("scheduling.k8s.io", "PriorityClass", "priorityclasses", false, "v1");
    add("coordination.k8s.io", "Lease", "leases", true, "v1");
    add("apiregistration.k8s.io", "APIService", "apiservices", false, "v1");
    add("discovery.k8s.io", "EndpointSlice", "endpointslices", true, "v1");
    add("node.k8s.io", "RuntimeClass", "runtimeclasses", false, "v1");
    add("certificates.k8s.io", "CertificateSigningRequest", "certificatesigningrequests", false, "v1");
    add("events.k8s.io", "Event", "events", true, "v1");
  }

  private BuiltInKinds() {}

  private static void core(String kind, String plural, boolean namespaced) {
    add("", kind, plural, namespaced, "v1");
  }

  private static void add(String group, String kind, String plural, boolean namespaced, String... versions) {
    KINDS.put(group + "/" + kind, new Entry(plural, namespaced, List.of(versions)));
  }

  /** The built-in type, when {@code group/kind} is built in and {@code version} is served. */
  static Optional<ResourceType> find(String group, String version, String kind) {
    Entry e = KINDS.get(group + "/" + kind);
    if (e == null || !e.versions().contains(version)) {
      return Optional.empty();
    }
    return Optional.of(new ResourceType(group, version, kind, e.plural(), e.namespaced()));
  }

  /** Every built-in type at its first listed version; the kinds an owned-object sweep lists. */
  static List<ResourceType> all() {
    return KINDS.entrySet().stream()
        .filter(en -> !en.getKey().equals("/Event") && !en.getKey().equals("events.k8s.io/Event"))
        .map(en -> {
          String group = en.getKey().substring(0, en.getKey().indexOf('/'));
          String kind = en.getKey().substring(en.getKey().indexOf('/') + 1);
          Entry e = en.getValue();
          return new ResourceType(group, e.versions().get(0), kind, e.plural(), e.namespaced());
        })
        .sorted(java.util.Comparator.comparing(ResourceType::group).thenComparing(ResourceType::kind))
        .toList();
  }
}
