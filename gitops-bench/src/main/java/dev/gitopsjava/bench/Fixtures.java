package dev.gitopsjava.bench;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seeded generators of realistic resources and of their live counterparts, made in the benchmark
 * (no files), so every run diffs the same documents.
 *
 * <p>A live object is what the API server returns after applying desired: the same fields plus
 * server metadata, status, managed fields, defaulted fields and the last-applied annotation, with
 * quantities written in another canonical form. It is therefore equal to desired after
 * normalisation (the steady state). The "changed" variant alters one value deep inside a list.
 */
final class Fixtures {
  static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One benchmark input: desired, live and the last applied configuration. */
  record Pair(Manifest desired, Manifest live, Manifest lastApplied) {}

  private Fixtures() {}

  static Pair pair(String kind, boolean changed, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ObjectNode desired = switch (kind) {
      case "deployment" -> deployment(rnd, "payment-api");
      case "service" -> service(rnd, "payment-api");
      case "configmap-small" -> configMap(rnd, "small", 3, 32);
      case "configmap-50" -> configMap(rnd, "fifty", 50, 64);
      case "configmap-1mib" -> configMap(rnd, "large", 16, 64 * 1024);
      case "crd" -> crd(rnd);
      default -> throw new IllegalArgumentException("unknown fixture " + kind);
    };
    return pairOf(desired, changed, rnd);
  }

  static Pair pairOf(ObjectNode desired, boolean changed, SplittableRandom rnd) {
    ObjectNode live = liveOf(desired, rnd);
    if (changed) {
      changeDeep(live);
    }
    Manifest d = Manifest.of(desired, ManifestOrigin.inline());
    return new Pair(d, Manifest.of(live, ManifestOrigin.inline()), d);
  }

  /** An application of {@code size} mixed resources (Deployments, Services, ConfigMaps, Secrets, ServiceAccounts). */
  static List<Pair> application(int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Pair> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      String name = "svc-" + i;
      ObjectNode doc = switch (i % 5) {
        case 0 -> deployment(rnd, name);
        case 1 -> service(rnd, name);
        case 2 -> configMap(rnd, name, 10, 48);
        case 3 -> secret(rnd, name);
        default -> serviceAccount(name);
      };
      ((ObjectNode) doc.get("metadata")).put("namespace", "payments");
      out.add(pairOf(doc, false, rnd));
    }
    return out;
  }

  static ObjectNode deployment(SplittableRandom rnd, String name) {
    ObjectNode d = header("apps/v1", "Deployment", name);
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", 3);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    ObjectNode template = spec.putObject("template");
    template.putObject("metadata").putObject("labels").put("app", name).put("version", "v" + rnd.nextInt(10));
    ObjectNode pod = template.putObject("spec");
    pod.put("serviceAccountName", name);
    ArrayNode containers = pod.putArray("containers");
    for (String c : new String[] {"api", "sidecar"}) {
      ObjectNode container = containers.addObject();
      container.put("name", c);
      container.put("image", "registry.example.com/" + name + "/" + c + ":1." + rnd.nextInt(20) + "." + rnd.nextInt(9));
      ArrayNode env = container.putArray("env");
      for (int i = 0; i < 10; i++) {
        env.addObject().put("name", "VAR_" + i).put("value", token(rnd, 12));
      }
      container.putArray("ports").addObject().put("name", "http").put("containerPort", 8080 + rnd.nextInt(10));
      ObjectNode resources = container.putObject("resources");
      resources.putObject("requests").put("cpu", "500m").put("memory", "256Mi");
      resources.putObject("limits").put("cpu", "1").put("memory", "1Gi");
      container.putArray("volumeMounts").addObject().put("name", "config").put("mountPath", "/etc/" + c);
      ObjectNode probe = container.putObject("readinessProbe");
      probe.putObject("httpGet").put("path", "/healthz").put("port", "http");
      probe.put("periodSeconds", 10);
    }
    pod.putArray("volumes").addObject().put("name", "config").putObject("configMap").put("name", name);
    return d;
  }

  static ObjectNode service(SplittableRandom rnd, String name) {
    ObjectNode s = header("v1", "Service", name);
    ObjectNode spec = s.putObject("spec");
    spec.putObject("selector").put("app", name);
    ArrayNode ports = spec.putArray("ports");
    ports.addObject().put("name", "http").put("port", 80).put("targetPort", 8080 + rnd.nextInt(10));
    ports.addObject().put("name", "metrics").put("port", 9090).put("targetPort", "metrics");
    return s;
  }

  static ObjectNode configMap(SplittableRandom rnd, String name, int keys, int valueBytes) {
    ObjectNode cm = header("v1", "ConfigMap", name);
    ObjectNode data = cm.putObject("data");
    for (int i = 0; i < keys; i++) {
      data.put("key-" + i, token(rnd, valueBytes));
    }
    return cm;
  }

  static ObjectNode secret(SplittableRandom rnd, String name) {
    ObjectNode s = header("v1", "Secret", name);
    s.put("type", "Opaque");
    ObjectNode data = s.putObject("data");
    for (int i = 0; i < 3; i++) {
      data.put("k" + i, java.util.Base64.getEncoder().encodeToString(token(rnd, 24).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return s;
  }

  static ObjectNode serviceAccount(String name) {
    return header("v1", "ServiceAccount", name);
  }

  /** A CustomResourceDefinition with a deep OpenAPI schema: the size of a real operator's CRD. */
  static ObjectNode crd(SplittableRandom rnd) {
    ObjectNode crd = header("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com");
    ObjectNode spec = crd.putObject("spec");
    spec.put("group", "example.com");
    spec.put("scope", "Namespaced");
    spec.putObject("names").put("kind", "Widget").put("plural", "widgets").put("singular", "widget");
    ObjectNode version = spec.putArray("versions").addObject();
    version.put("name", "v1").put("served", true).put("storage", true);
    version.putObject("schema").set("openAPIV3Schema", schema(rnd, 0));
    return crd;
  }

  private static ObjectNode schema(SplittableRandom rnd, int depth) {
    ObjectNode node = F.objectNode();
    node.put("type", "object");
    node.put("description", token(rnd, 40));
    ObjectNode props = node.putObject("properties");
    int fields = depth < 3 ? 6 : 0;
    for (int i = 0; i < fields; i++) {
      props.set("field" + i, schema(rnd, depth + 1));
    }
    for (int i = 0; i < 4; i++) {
      props.putObject("leaf" + i).put("type", i % 2 == 0 ? "string" : "integer").put("description", token(rnd, 30));
    }
    return node;
  }

  private static ObjectNode header(String apiVersion, String kind, String name) {
    ObjectNode doc = F.objectNode();
    doc.put("apiVersion", apiVersion);
    doc.put("kind", kind);
    ObjectNode md = doc.putObject("metadata");
    md.put("name", name);
    md.putObject("labels").put("app.kubernetes.io/name", name).put("app.kubernetes.io/part-of", "payments");
    return doc;
  }

  /** What the API server would return for desired: server fields, defaults, status. */
  static ObjectNode liveOf(ObjectNode desired, SplittableRandom rnd) {
    ObjectNode live = desired.deepCopy();
    ObjectNode md = (ObjectNode) live.get("metadata");
    md.put("uid", "0b3c" + token(rnd, 28));
    md.put("resourceVersion", Integer.toString(100_000 + rnd.nextInt(900_000)));
    md.put("generation", 4);
    md.put("creationTimestamp", "2026-11-20T10:00:00Z");
    if (!md.has("namespace")) {
      md.put("namespace", "payments");
    }
    md.putObject("annotations").put("kubectl.kubernetes.io/last-applied-configuration", JSON.writeValueAsString(desired));
    ArrayNode managed = md.putArray("managedFields");
    managed.addObject().put("manager", "kubectl-client-side-apply").put("operation", "Update")
        .put("apiVersion", desired.get("apiVersion").asString()).put("time", "2026-11-20T10:00:00Z")
        .put("fieldsType", "FieldsV1").putObject("fieldsV1").putObject("f:metadata").putObject("f:labels");
    String kind = desired.get("kind").asString();
    if (kind.equals("Deployment")) {
      ObjectNode spec = (ObjectNode) live.get("spec");
      spec.put("revisionHistoryLimit", 10).put("progressDeadlineSeconds", 600);
      spec.putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate")
          .put("maxSurge", "25%").put("maxUnavailable", "25%");
      ObjectNode pod = (ObjectNode) spec.get("template").get("spec");
      pod.put("restartPolicy", "Always").put("dnsPolicy", "ClusterFirst").put("schedulerName", "default-scheduler")
          .put("terminationGracePeriodSeconds", 30);
      pod.putObject("securityContext");
      for (JsonNode c : pod.get("containers")) {
        ObjectNode container = (ObjectNode) c;
        container.put("imagePullPolicy", "IfNotPresent").put("terminationMessagePath", "/dev/termination-log")
            .put("terminationMessagePolicy", "File");
        ((ObjectNode) container.get("ports").get(0)).put("protocol", "TCP");
        // The API server writes quantities canonically; Git may not.
        ((ObjectNode) container.get("resources").get("limits")).put("memory", "1024Mi");
      }
      ObjectNode status = live.putObject("status");
      status.put("observedGeneration", 4).put("replicas", 3).put("updatedReplicas", 3).put("readyReplicas", 3)
          .put("availableReplicas", 3);
      status.putArray("conditions").addObject().put("type", "Available").put("status", "True")
          .put("reason", "MinimumReplicasAvailable");
    } else if (kind.equals("Service")) {
      ObjectNode spec = (ObjectNode) live.get("spec");
      spec.put("clusterIP", "10.96." + rnd.nextInt(255) + "." + rnd.nextInt(255)).put("type", "ClusterIP")
          .put("sessionAffinity", "None");
      spec.putArray("clusterIPs").add(spec.get("clusterIP").asString());
      for (JsonNode p : spec.get("ports")) {
        ((ObjectNode) p).put("protocol", "TCP");
      }
      live.putObject("status").putObject("loadBalancer");
    } else if (kind.equals("CustomResourceDefinition")) {
      ObjectNode status = live.putObject("status");
      status.putObject("acceptedNames").put("kind", "Widget").put("plural", "widgets");
      status.putArray("storedVersions").add("v1");
    } else if (kind.equals("ServiceAccount")) {
      live.putArray("secrets");
    }
    return live;
  }

  /** One change deep inside a list (or the last key of a map for kinds without lists). */
  static void changeDeep(ObjectNode live) {
    String kind = live.get("kind").asString();
    switch (kind) {
      case "Deployment" -> ((ObjectNode) live.at("/spec/template/spec/containers/1/env/7")).put("value", "changed-by-hand");
      case "Service" -> ((ObjectNode) live.at("/spec/ports/1")).put("port", 9091);
      case "CustomResourceDefinition" -> ((ObjectNode) live.at("/spec/versions/0/schema/openAPIV3Schema/properties/field5/properties/field5/properties/leaf3"))
          .put("type", "number");
      default -> {
        ObjectNode data = (ObjectNode) live.get("data");
        String last = null;
        for (String name : data.propertyNames()) {
          last = name;
        }
        data.put(last, "changed-by-hand");
      }
    }
  }

  private static String token(SplittableRandom rnd, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = (char) ('a' + rnd.nextInt(26));
    }
    return new String(c);
  }
}
