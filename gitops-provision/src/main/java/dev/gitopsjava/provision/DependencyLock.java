package dev.gitopsjava.provision;

import dev.gitopsjava.provision.internal.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The dependency lock file committed next to a spec, in the role of {@code .terraform.lock.hcl}:
 * the provider version that was selected and the IDs that image and flavor names resolved to
 * ({@code region/name} keys). Image names move to new builds over time; pinning the ID turns such a
 * move into a visible stop instead of a silent replacement.
 *
 * <pre>
 * {
 *   "version" : 1,
 *   "provider" : { "name" : "openstack", "version" : "1.2.0", "constraint" : "~&gt; 1.0" },
 *   "images" : { "no-oslo-1/ubuntu-22.04" : "8f2c…" },
 *   "flavors" : { "no-oslo-1/nvme.8cpu.32gb" : "c8-32" }
 * }
 * </pre>
 */
public record DependencyLock(
    String providerName,
    String providerVersion,
    String constraint,
    Map<String, String> images,
    Map<String, String> flavors) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Checks the components. */
  public DependencyLock {
    Objects.requireNonNull(providerName, "providerName");
    Objects.requireNonNull(providerVersion, "providerVersion");
    Objects.requireNonNull(constraint, "constraint");
    images = Map.copyOf(images);
    flavors = Map.copyOf(flavors);
  }

  /** The lock file for {@code spec}: {@code workers.yaml} gives {@code workers.lock.json}. */
  public static Path pathFor(Path spec) {
    String file = spec.getFileName().toString();
    int dot = file.lastIndexOf('.');
    String base = dot > 0 ? file.substring(0, dot) : file;
    return spec.resolveSibling(base + ".lock.json");
  }

  /** The key for a name in a region. */
  static String key(String region, String name) {
    return region + "/" + name;
  }

  /**
   * Reads a lock file; empty if it does not exist.
   *
   * @throws SpecException if it exists but is malformed, naming the file and field
   */
  public static Optional<DependencyLock> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new SpecException("cannot read lock file " + file + ": " + e.getMessage(), e);
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      JsonNode provider = root.get("provider");
      if (root.path("version").asInt(0) != 1 || provider == null || !provider.isObject()) {
        throw new SpecException(file + ": expected version 1 and a provider object");
      }
      return Optional.of(new DependencyLock(text(provider, "name", file),
          text(provider, "version", file), provider.path("constraint").asString(""),
          map(root, "images", file), map(root, "flavors", file)));
    } catch (JacksonException e) {
      throw new SpecException(file + " is not valid JSON");
    }
  }

  /**
   * Writes this lock file, atomically: a crash mid-write must not leave a truncated lock file,
   * which the next plan would reject as malformed instead of regenerating.
   */
  public void write(Path file) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ObjectNode p = root.putObject("provider");
    p.put("name", providerName);
    p.put("version", providerVersion);
    p.put("constraint", constraint);
    ObjectNode i = root.putObject("images");
    new TreeMap<>(images).forEach(i::put);
    ObjectNode f = root.putObject("flavors");
    new TreeMap<>(flavors).forEach(f::put);
    try {
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
      AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SpecException("cannot write lock file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field, Path file) {
    JsonNode v = node.get(field);
    if (v == null || !v.isString()) {
      throw new SpecException(file + ": field provider." + field + " must be a string");
    }
    return v.stringValue();
  }

  private static Map<String, String> map(JsonNode root, String field, Path file) {
    JsonNode v = root.get(field);
    Map<String, String> out = new TreeMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw new SpecException(file + ": field " + field + " must be an object");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isString()) {
        throw new SpecException(file + ": field " + field + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().stringValue());
    }
    return out;
  }
}
