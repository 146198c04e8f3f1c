package dev.gitopsjava.provision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an {@link InstanceGroup} from YAML:
 *
 * <pre>
 * kind: InstanceGroup            # optional
 * name: workers
 * provider: {name: openstack, version: "~> 1.0", options: {cloud: oslo}}
 * count: 3
 * region: no-oslo-1
 * image: ubuntu-22.04
 * flavor: nvme.8cpu.32gb
 * sshKeys: [ops]
 * userData: |                    # or userDataFile: node-prep.yaml (relative to the spec)
 *   #cloud-config
 * labels: {role: worker}
 * lifecycle: {preventDestroy: false, createBeforeDestroy: false, ignoreChanges: [userData]}
 * </pre>
 *
 * Unknown fields are errors (a typo must not silently drop a setting).
 */
final class SpecReader {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "name", "provider",
      "count", "region", "image", "flavor", "sshKeys", "userData", "userDataFile", "labels",
      "lifecycle");

  private SpecReader() {}

  static InstanceGroup read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecException("cannot read spec " + file + ": " + e.getMessage(), e);
    }
    return read(text, file.toString(), file.toAbsolutePath().getParent());
  }

  static InstanceGroup read(String yaml, String source, @Nullable Path baseDir) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new SpecException(source + " is not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new SpecException(source + " must be a YAML mapping");
    }
    for (String field : root.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw new SpecException(source + ": unknown field " + field);
      }
    }
    if (root.has("kind") && !"InstanceGroup".equals(root.get("kind").asString(""))) {
      throw new SpecException(source + ": field kind must be InstanceGroup");
    }
    JsonNode provider = root.get("provider");
    if (provider == null || !provider.isObject()) {
      throw new SpecException(source + ": field provider must be a mapping with name and version");
    }
    for (String field : provider.propertyNames()) {
      if (!Set.of("name", "version", "options").contains(field)) {
        throw new SpecException(source + ": unknown field provider." + field);
      }
    }
    String userData = "";
    if (root.has("userData") && root.has("userDataFile")) {
      throw new SpecException(source + ": give userData or userDataFile, not both");
    }
    if (root.has("userData")) {
      userData = text(root, "userData", source);
    } else if (root.has("userDataFile")) {
      String ref = text(root, "userDataFile", source);
      Path p = baseDir == null ? Path.of(ref) : baseDir.resolve(ref);
      try {
        userData = Files.readString(p, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new SpecException(source + ": field userDataFile: cannot read " + p);
      }
    }
    Lifecycle lifecycle = Lifecycle.defaults();
    JsonNode lc = root.get("lifecycle");
    if (lc != null) {
      if (!lc.isObject()) {
        throw new SpecException(source + ": field lifecycle must be a mapping");
      }
      for (String field : lc.propertyNames()) {
        if (!Set.of("preventDestroy", "createBeforeDestroy", "ignoreChanges").contains(field)) {
          throw new SpecException(source + ": unknown field lifecycle." + field);
        }
      }
      try {
        lifecycle = new Lifecycle(bool(lc, "preventDestroy", "lifecycle.", source),
            bool(lc, "createBeforeDestroy", "lifecycle.", source),
            new LinkedHashSet<>(strings(lc, "ignoreChanges", "lifecycle.", source)));
      } catch (IllegalArgumentException e) {
        throw new SpecException(source + ": " + e.getMessage());
      }
    }
    JsonNode count = root.get("count");
    if (count != null && (!count.isIntegralNumber() || !count.canConvertToInt())) {
      throw new SpecException(source + ": field count must be an integer");
    }
    try {
      return new InstanceGroup(
          text(root, "name", source),
          new ProviderRequirement(text(provider, "name", "provider.", source),
              provider.has("version") ? text(provider, "version", "provider.", source) : "",
              stringMap(provider, "options", "provider.", source)),
          count == null ? 1 : count.intValue(),
          text(root, "region", source),
          text(root, "image", source),
          text(root, "flavor", source),
          strings(root, "sshKeys", source),
          userData,
          stringMap(root, "labels", "", source),
          lifecycle);
    } catch (IllegalArgumentException e) {
      throw new SpecException(source + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, String source) {
    return text(node, field, "", source);
  }

  private static String text(JsonNode node, String field, String prefix, String source) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new SpecException(source + ": field " + prefix + field + " is required");
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new SpecException(source + ": field " + prefix + field + " must be a string");
    }
    return v.asString();
  }

  private static boolean bool(JsonNode node, String field, String prefix, String source) {
    JsonNode v = node.get(field);
    if (v == null) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new SpecException(source + ": field " + prefix + field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static List<String> strings(JsonNode node, String field, String source) {
    return strings(node, field, "", source);
  }

  private static List<String> strings(JsonNode node, String field, String prefix, String source) {
    JsonNode v = node.get(field);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new SpecException(source + ": field " + prefix + field
          + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isString()) {
        throw new SpecException(source + ": field " + prefix + field
            + " must be a list of strings");
      }
      out.add(e.stringValue());
    }
    return out;
  }

  private static Map<String, String> stringMap(
      JsonNode node, String field, String prefix, String source) {
    JsonNode v = node.get(field);
    if (v == null) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw new SpecException(source + ": field " + prefix + field + " must be a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new SpecException(source + ": field " + prefix + field + "." + e.getKey()
            + " must be a string");
      }
      out.put(e.getKey(), e.getValue().asString());
    }
    return out;
  }
}
