package dev.gitopsjava.core.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One Kubernetes resource document, immutable, knowing its {@link ResourceKey} and where it came
 * from.
 *
 * <p>The document is kept as a Jackson tree so the diff can walk it without serialising. The tree
 * returned by {@link #tree()} is the manifest's own and must be treated as read-only; every
 * {@code with…} method and {@link #mutableCopy()} work on copies.
 */
public final class Manifest {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final ObjectNode tree;
  private final ResourceKey key;
  private final ManifestOrigin origin;

  private Manifest(ObjectNode tree, ResourceKey key, ManifestOrigin origin) {
    this.tree = tree;
    this.key = key;
    this.origin = origin;
  }

  /**
   * Makes a manifest from a parsed document. The tree is copied, so later changes to the argument
   * do not reach the manifest.
   *
   * @throws InvalidManifestException if {@code apiVersion} or {@code kind} is missing or not a
   *     string, or {@code metadata.name} is (and there is no {@code metadata.generateName} in its
   *     place); the message names the origin
   */
  public static Manifest of(JsonNode document, ManifestOrigin origin) {
    Objects.requireNonNull(document, "document");
    Objects.requireNonNull(origin, "origin");
    if (!document.isObject()) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0,
          "a manifest must be a mapping, found " + document.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    ObjectNode copy = (ObjectNode) document.deepCopy();
    return new Manifest(copy, keyOf(copy, origin), origin);
  }

  /** Parses one YAML (or JSON) document; a convenience for tests and builders. */
  public static Manifest parse(String yaml) {
    return parse(yaml, ManifestOrigin.inline());
  }

  /** Parses one YAML (or JSON) document read from {@code origin}. */
  public static Manifest parse(String yaml, ManifestOrigin origin) {
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (tools.jackson.core.JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), line,
          "malformed YAML: " + e.getOriginalMessage(), e);
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0, "empty document");
    }
    return of(node, origin);
  }

  private static ResourceKey keyOf(ObjectNode doc, ManifestOrigin origin) {
    String apiVersion = requiredText(doc.get("apiVersion"), "apiVersion", origin);
    String kind = requiredText(doc.get("kind"), "kind", origin);
    JsonNode metadata = doc.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0,
          kind + ": missing field metadata.name");
    }
    JsonNode nameNode = metadata.get("name");
    JsonNode generateName = metadata.get("generateName");
    // An object the server (or, for hooks, the sync) names: its prefix stands in as the key's name
    // until then; see generateName().
    String name = (nameNode == null || nameNode.isNull()) && generateName != null && !generateName.isNull()
        ? requiredText(generateName, "metadata.generateName", origin)
        : requiredText(nameNode, "metadata.name", origin);
    JsonNode ns = metadata.get("namespace");
    String namespace = ns == null || ns.isNull() ? "" : ns.asString();
    if (apiVersion.isEmpty() || apiVersion.startsWith("/") || apiVersion.endsWith("/")) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0,
          "invalid apiVersion '" + apiVersion + "'");
    }
    return ResourceKey.of(apiVersion, kind, namespace, name);
  }

  private static String requiredText(JsonNode node, String field, ManifestOrigin origin) {
    if (node == null || node.isNull()) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0, "missing field " + field);
    }
    if (!node.isString() || node.asString().isEmpty()) {
      throw new InvalidManifestException(origin.file(), origin.documentIndex(), 0,
          "field " + field + " must be a non-empty string");
    }
    return node.asString();
  }

  /** The resource's identity. */
  public ResourceKey key() {
    return key;
  }

  /** Where the manifest was read from. */
  public ManifestOrigin origin() {
    return origin;
  }

  /** The document; read-only by contract (see the class comment). */
  public JsonNode tree() {
    return tree;
  }

  /** A deep copy of the document that the caller may change. */
  public ObjectNode mutableCopy() {
    return tree.deepCopy();
  }

  /** The manifest's labels, in document order; empty when it has none. */
  public Map<String, String> labels() {
    return stringMap(tree.path("metadata").path("labels"));
  }

  /** The manifest's annotations, in document order; empty when it has none. */
  public Map<String, String> annotations() {
    return stringMap(tree.path("metadata").path("annotations"));
  }

  /** One annotation's value. */
  public Optional<String> annotation(String name) {
    JsonNode v = tree.path("metadata").path("annotations").get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
  }

  /** One label's value. */
  public Optional<String> label(String name) {
    JsonNode v = tree.path("metadata").path("labels").get(name);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asString());
  }

  /** A copy in another namespace (for namespaced resources that had none in Git). */
  public Manifest withNamespace(String namespace) {
    ObjectNode copy = mutableCopy();
    metadataOf(copy).put("namespace", namespace);
    return new Manifest(copy, key.withNamespace(namespace), origin);
  }

  /**
   * {@code metadata.generateName} when the manifest has no {@code metadata.name}: the object is to
   * be named when it is created (Argo CD does this for hooks). Until then the key's name is this
   * prefix, a placeholder identity that no object in the cluster has; {@link #withName} gives the
   * real one. Empty for a named manifest.
   */
  public Optional<String> generateName() {
    JsonNode metadata = tree.path("metadata");
    JsonNode name = metadata.get("name");
    JsonNode generateName = metadata.get("generateName");
    if ((name != null && !name.isNull()) || generateName == null || generateName.isNull()) {
      return Optional.empty();
    }
    return Optional.of(generateName.asString());
  }

  /** A copy with {@code metadata.name} set (other metadata, {@code generateName} included, kept). */
  public Manifest withName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name must not be empty");
    }
    ObjectNode copy = mutableCopy();
    metadataOf(copy).put("name", name);
    return new Manifest(copy, new ResourceKey(key.group(), key.version(), key.kind(), key.namespace(), name), origin);
  }

  /** A copy with one annotation set. */
  public Manifest withAnnotation(String name, String value) {
    ObjectNode copy = mutableCopy();
    ObjectNode metadata = metadataOf(copy);
    JsonNode existing = metadata.get("annotations");
    ObjectNode annotations = existing instanceof ObjectNode o ? o : metadata.putObject("annotations");
    annotations.put(name, value);
    return new Manifest(copy, key, origin);
  }

  /** A copy with one label set. */
  public Manifest withLabel(String name, String value) {
    ObjectNode copy = mutableCopy();
    ObjectNode metadata = metadataOf(copy);
    JsonNode existing = metadata.get("labels");
    ObjectNode labels = existing instanceof ObjectNode o ? o : metadata.putObject("labels");
    labels.put(name, value);
    return new Manifest(copy, key, origin);
  }

  /** A copy whose document is replaced by {@code document}; key and origin are recomputed/kept. */
  public Manifest withTree(JsonNode document) {
    return of(document, origin);
  }

  /** The document as YAML, one document without the leading {@code ---}. */
  public String toYaml() {
    return YAML.writeValueAsString(tree);
  }

  /** The document as compact JSON. */
  public String toJson() {
    return JSON.writeValueAsString(tree);
  }

  private static ObjectNode metadataOf(ObjectNode doc) {
    JsonNode m = doc.get("metadata");
    return m instanceof ObjectNode o ? o : doc.putObject("metadata");
  }

  private static Map<String, String> stringMap(JsonNode node) {
    if (!node.isObject() || node.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      out.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asString());
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** An empty object node factory for callers building documents. */
  public static ObjectNode newDocument() {
    return JsonNodeFactory.instance.objectNode();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m && key.equals(m.key) && tree.equals(m.tree);
  }

  @Override
  public int hashCode() {
    return tree.hashCode();
  }

  @Override
  public String toString() {
    return key + " from " + origin;
  }
}
