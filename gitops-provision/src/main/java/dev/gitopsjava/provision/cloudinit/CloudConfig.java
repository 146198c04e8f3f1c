package dev.gitopsjava.provision.cloudinit;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An immutable, valid {@code #cloud-config} document.
 *
 * <p>Built by {@link #parse(String)} (user additions), {@link #of(Map)} or {@link NodeBootstrap};
 * combined with {@link #merge(CloudConfig)}; turned into user data with {@link #render()}.
 */
public final class CloudConfig {
  private final ObjectNode root;

  private CloudConfig(ObjectNode root) {
    this.root = root;
  }

  /**
   * Parses and validates a document that starts with {@code #cloud-config}.
   *
   * @throws InvalidCloudConfigException naming every problem found
   */
  public static CloudConfig parse(String text) {
    return parse(text, "user data");
  }

  /** As {@link #parse(String)}; {@code source} (a file name) is used in messages. */
  public static CloudConfig parse(String text, String source) {
    requireNonNull(text, "text");
    requireNonNull(source, "source");
    List<CloudConfigProblem> problems = CloudConfigSchema.check(text, source);
    if (!problems.isEmpty()) {
      throw new InvalidCloudConfigException(source, problems);
    }
    return new CloudConfig((ObjectNode) CloudConfigYaml.read(text));
  }

  /** Every problem in {@code text}; empty when it is a valid document. Never throws. */
  public static List<CloudConfigProblem> problems(String text, String source) {
    requireNonNull(text, "text");
    requireNonNull(source, "source");
    return List.copyOf(CloudConfigSchema.check(text, source));
  }

  /** A document from module keys to values (maps, lists, strings, numbers, booleans). */
  public static CloudConfig of(Map<String, ?> content) {
    requireNonNull(content, "content");
    ObjectNode root = CloudConfigYaml.MAPPER.valueToTree(content);
    List<CloudConfigProblem> problems = new ArrayList<>();
    CloudConfigSchema.checkRoot(root, problems);
    if (!problems.isEmpty()) {
      throw new InvalidCloudConfigException("map", problems);
    }
    return new CloudConfig(root);
  }

  /**
   * This document with {@code additions} merged in the way cloud-init merges parts with
   * {@code list(append)+dict(recurse_array)}: maps merge key by key, lists are appended (this
   * document's entries first, so the kernel prep runs before user commands), and a scalar in
   * {@code additions} replaces this document's.
   */
  public CloudConfig merge(CloudConfig additions) {
    requireNonNull(additions, "additions");
    ObjectNode merged = root.deepCopy();
    mergeInto(merged, additions.root);
    return new CloudConfig(merged);
  }

  private static void mergeInto(ObjectNode target, ObjectNode source) {
    for (String key : source.propertyNames()) {
      JsonNode incoming = source.get(key);
      JsonNode existing = target.get(key);
      if (existing instanceof ObjectNode o && incoming instanceof ObjectNode i) {
        mergeInto(o, i);
      } else if (existing instanceof ArrayNode a && incoming instanceof ArrayNode i) {
        a.addAll(i.deepCopy());
      } else {
        target.set(key, incoming.deepCopy());
      }
    }
  }

  /** The module keys and their values, as plain unmodifiable Java collections. */
  public Map<String, Object> content() {
    Map<String, Object> map =
        CloudConfigYaml.MAPPER.convertValue(root, new TypeReference<Map<String, Object>>() {});
    return java.util.Collections.unmodifiableMap(map);
  }

  /** The user data: {@code #cloud-config}, a newline, then the YAML body. */
  public String render() {
    return CloudConfigSchema.HEADER + "\n" + CloudConfigYaml.MAPPER.writeValueAsString(root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CloudConfig other && root.equals(other.root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }

  @Override
  public String toString() {
    return render();
  }
}
