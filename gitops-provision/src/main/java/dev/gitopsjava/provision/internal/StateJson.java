package dev.gitopsjava.provision.internal;

import dev.gitopsjava.provision.state.InstanceState;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The plaintext JSON form of a {@link State}: {@code version}, {@code serial}, {@code lineage} at
 * the top (where OpenTofu's encryption layout expects them), then {@code instances}. Field names are
 * snake_case like Terraform's state. Shared by the file store and saved plans; not API.
 */
public final class StateJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StateJson() {}

  /** The state as indented JSON, fields in a fixed order. */
  public static byte[] write(State state) {
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toNode(state));
  }

  /** The state as a JSON tree, for documents that embed it (saved plans). */
  public static ObjectNode toNode(State state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", State.FORMAT_VERSION);
    root.put("serial", state.serial());
    root.put("lineage", state.lineage());
    ArrayNode list = root.putArray("instances");
    for (InstanceState i : state.instances()) {
      ObjectNode n = list.addObject();
      n.put("key", i.key());
      n.put("name", i.name());
      n.put("generation", i.generation());
      if (i.id().isPresent()) {
        n.put("id", i.id().get());
      } else {
        n.putNull("id");
      }
      n.put("status", i.status().name().toLowerCase(Locale.ROOT));
      n.put("region", i.region());
      n.put("image", i.image());
      n.put("image_id", i.imageId());
      n.put("flavor", i.flavor());
      n.put("flavor_id", i.flavorId());
      ArrayNode keys = n.putArray("ssh_keys");
      i.sshKeys().forEach(keys::add);
      n.put("user_data_sha256", i.userDataSha256());
      ObjectNode labels = n.putObject("labels");
      new java.util.TreeMap<>(i.labels()).forEach(labels::put);
      n.put("create_before_destroy", i.createBeforeDestroy());
    }
    return root;
  }

  /**
   * Parses a plaintext state.
   *
   * @param source what to call the input in messages (a file path)
   * @throws StateException naming {@code source} and the field at fault
   */
  public static State read(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new StateException(source + " is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new StateException(source + " is not a JSON object");
    }
    return fromNode(root, source);
  }

  /** Parses a state from a JSON tree (see {@link #read}). */
  public static State fromNode(JsonNode root, String source) {
    Fields top = new Fields(root, source, "");
    long version = top.integer("version");
    if (version != State.FORMAT_VERSION) {
      throw new StateException(source + ": field version is " + version
          + ", this code reads version " + State.FORMAT_VERSION
          + (root.has("terraform_version") ? " (this looks like a Terraform state)" : ""));
    }
    long serial = top.integer("serial");
    String lineage = top.string("lineage");
    JsonNode list = root.get("instances");
    if (list == null || !list.isArray()) {
      throw new StateException(source + ": field instances must be an array");
    }
    List<InstanceState> instances = new ArrayList<>();
    for (int idx = 0; idx < list.size(); idx++) {
      JsonNode n = list.get(idx);
      String path = "instances[" + idx + "].";
      if (!n.isObject()) {
        throw new StateException(source + ": field instances[" + idx + "] must be an object");
      }
      Fields f = new Fields(n, source, path);
      String statusText = f.string("status");
      InstanceState.Status status;
      try {
        status = InstanceState.Status.valueOf(statusText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new StateException(source + ": field " + path + "status has unknown value "
            + statusText);
      }
      long generation = f.integer("generation");
      if (generation < 1 || generation > Integer.MAX_VALUE) {
        throw new StateException(source + ": field " + path + "generation must be at least 1");
      }
      try {
        instances.add(new InstanceState(f.string("key"), f.string("name"), (int) generation,
            f.optionalString("id"), status, f.string("region"), f.string("image"),
            f.string("image_id"), f.string("flavor"), f.string("flavor_id"),
            f.strings("ssh_keys"), f.string("user_data_sha256"), f.stringMap("labels"),
            f.bool("create_before_destroy")));
      } catch (IllegalArgumentException e) {
        throw new StateException(source + ": " + path + " " + e.getMessage());
      }
    }
    try {
      return new State(serial, lineage, instances);
    } catch (IllegalArgumentException e) {
      throw new StateException(source + ": " + e.getMessage());
    }
  }

  /** Typed, message-naming access to one object's fields. */
  private record Fields(JsonNode node, String source, String path) {

    private StateException bad(String field, String what) {
      return new StateException(source + ": field " + path + field + " " + what);
    }

    String string(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isString()) {
        throw bad(field, "must be a string");
      }
      return v.stringValue();
    }

    Optional<String> optionalString(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return Optional.empty();
      }
      if (!v.isString()) {
        throw bad(field, "must be a string or null");
      }
      return Optional.of(v.stringValue());
    }

    long integer(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw bad(field, "must be a non-negative integer");
      }
      return v.longValue();
    }

    boolean bool(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isBoolean()) {
        throw bad(field, "must be true or false");
      }
      return v.booleanValue();
    }

    List<String> strings(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isArray()) {
        throw bad(field, "must be an array of strings");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : v) {
        if (!e.isString()) {
          throw bad(field, "must be an array of strings");
        }
        out.add(e.stringValue());
      }
      return out;
    }

    Map<String, String> stringMap(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isObject()) {
        throw bad(field, "must be an object of strings");
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        if (!e.getValue().isString()) {
          throw bad(field + "." + e.getKey(), "must be a string");
        }
        out.put(e.getKey(), e.getValue().stringValue());
      }
      return out;
    }
  }
}
