package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.ResourceKey;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The list merge keys, scheme defaults, quantity and int-or-string positions of the built-in
 * kinds, read from the {@code kubernetes-schema.yaml} data table plus embedder additions, and
 * compiled into one {@link SchemaNode} trie per group/kind on first use.
 */
final class KubernetesSchema {
  static final String RESOURCE = "kubernetes-schema.yaml";
  private static final String ANY_KIND = "*";
  private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "extensions", "policy",
      "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io", "admissionregistration.k8s.io",
      "storage.k8s.io", "scheduling.k8s.io", "coordination.k8s.io", "discovery.k8s.io", "node.k8s.io",
      "certificates.k8s.io", "apiextensions.k8s.io", "apiregistration.k8s.io", "events.k8s.io",
      "flowcontrol.apiserver.k8s.io", "resource.k8s.io");

  /** One fact from the table: in {@code section}, at {@code path}, {@code attribute} is {@code value}. */
  record Entry(String section, String path, String attribute, JsonNode value) {}

  private final Map<String, Map<String, List<String>>> embed; // type -> host -> paths
  private final List<Entry> entries;
  private final Set<String> knownKinds;
  private final Map<String, SchemaNode> tries = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Kind>> kinds = new ConcurrentHashMap<>(); // group -> kind -> facts

  /** What the diff needs per kind: its trie and whether the API server types it. */
  record Kind(SchemaNode trie, boolean known) {}

  private KubernetesSchema(Map<String, Map<String, List<String>>> embed, List<Entry> entries) {
    this.embed = embed;
    this.entries = List.copyOf(entries);
    Set<String> kinds = new HashSet<>();
    for (Map<String, List<String>> hosts : embed.values()) {
      for (String h : hosts.keySet()) {
        if (h.contains("/")) {
          kinds.add(h);
        }
      }
    }
    for (Entry e : entries) {
      if (e.section().contains("/")) {
        kinds.add(e.section());
      }
    }
    this.knownKinds = Set.copyOf(kinds);
  }

  /** The built-in table plus {@code extra} entries from the embedder. */
  static KubernetesSchema load(List<Entry> extra) {
    JsonNode doc;
    try (InputStream in = KubernetesSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new GitOpsException("diff schema table missing from the classpath: " + RESOURCE);
      }
      doc = YAMLMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new GitOpsException("cannot read diff schema table " + RESOURCE, e);
    }
    Map<String, Map<String, List<String>>> embed = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> type : doc.path("embed").properties()) {
      Map<String, List<String>> hosts = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> host : type.getValue().properties()) {
        List<String> paths = new ArrayList<>();
        host.getValue().values().forEach(p -> paths.add(p.asString()));
        hosts.put(host.getKey(), paths);
      }
      embed.put(type.getKey(), hosts);
    }
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonNode> section : doc.path("listKeys").properties()) {
      for (Map.Entry<String, JsonNode> list : section.getValue().properties()) {
        entries.add(new Entry(section.getKey(), list.getKey(), "listKeys", list.getValue()));
      }
    }
    for (Map.Entry<String, JsonNode> section : doc.path("defaults").properties()) {
      for (Map.Entry<String, JsonNode> field : section.getValue().properties()) {
        entries.add(new Entry(section.getKey(), field.getKey(), "default", field.getValue()));
      }
    }
    for (String attribute : List.of("quantities", "intOrString")) {
      for (Map.Entry<String, JsonNode> section : doc.path(attribute).properties()) {
        for (JsonNode path : section.getValue().values()) {
          entries.add(new Entry(section.getKey(), path.asString(), attribute, path));
        }
      }
    }
    entries.addAll(extra);
    return new KubernetesSchema(embed, entries);
  }

  /**
   * True for the kinds the Kubernetes API server serves itself (the table's kinds and the
   * built-in API groups): they are typed, so their empty lists and quantities normalise as a
   * typed round trip would. Custom resources are compared as plain JSON.
   */
  boolean knows(ResourceKey key) {
    return knownKinds.contains(key.groupKind()) || BUILT_IN_GROUPS.contains(key.group());
  }

  /**
   * {@link #forKind} and {@link #knows} together, looked up without building the group/kind
   * string (the diff asks once per resource).
   */
  Kind kind(ResourceKey key) {
    Map<String, Kind> byKind = kinds.get(key.group());
    if (byKind == null) {
      byKind = kinds.computeIfAbsent(key.group(), g -> new ConcurrentHashMap<>());
    }
    Kind kind = byKind.get(key.kind());
    if (kind == null) {
      kind = byKind.computeIfAbsent(key.kind(), k -> new Kind(forKind(key), knows(key)));
    }
    return kind;
  }

  /** The trie for a kind; kinds the table does not know get only the {@code "*"} entries. */
  SchemaNode forKind(ResourceKey key) {
    return tries.computeIfAbsent(key.groupKind(), this::build);
  }

  private SchemaNode build(String groupKind) {
    SchemaNode root = new SchemaNode();
    for (Entry e : entries) {
      for (String prefix : roots(e.section(), groupKind, 0)) {
        apply(root, prefix + e.path(), e);
      }
    }
    root.seal();
    return root;
  }

  /** The paths at which {@code section} is found in {@code groupKind}. */
  private List<String> roots(String section, String groupKind, int depth) {
    if (section.equals(ANY_KIND) || section.equals(groupKind)) {
      return List.of("");
    }
    Map<String, List<String>> hosts = embed.get(section);
    if (hosts == null || depth > 8) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> host : hosts.entrySet()) {
      for (String hostRoot : roots(host.getKey(), groupKind, depth + 1)) {
        for (String p : host.getValue()) {
          out.add(hostRoot + p);
        }
      }
    }
    return out;
  }

  private static void apply(SchemaNode root, String path, Entry e) {
    SchemaNode node = root;
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        node = node.descend(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    switch (e.attribute()) {
      case "listKeys" -> {
        List<ListKey> keys = new ArrayList<>();
        e.value().values().forEach(k -> keys.add(ListKey.parse(k.asString())));
        node.setListKeys(keys);
      }
      case "default" -> node.setDefault(e.value());
      case "quantities" -> node.markQuantity();
      case "intOrString" -> node.markIntOrString();
      default -> throw new IllegalStateException("unknown schema attribute " + e.attribute());
    }
  }
}
