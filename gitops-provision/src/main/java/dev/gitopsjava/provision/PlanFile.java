package dev.gitopsjava.provision;

import dev.gitopsjava.provision.internal.AtomicFile;
import dev.gitopsjava.provision.internal.StateJson;
import dev.gitopsjava.provision.spi.InstanceAttribute;
import dev.gitopsjava.provision.state.State;
import dev.gitopsjava.provision.state.StateEncryption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Saves a {@link Plan} to a file and loads it back, like {@code terraform plan -out}. The file holds
 * what the plan was computed from (spec, resolved IDs, refreshed state, options); loading
 * recomputes the same changes. It contains the user data, so it is encrypted like the state
 * (OpenTofu's plan layout: {@code meta}, {@code encrypted_data}, {@code encryption_version}).
 */
public final class PlanFile {

  private static final int FORMAT_VERSION = 1;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private PlanFile() {}

  /** Writes {@code plan} to {@code file}, encrypted as {@code encryption} says. */
  public static void write(Plan plan, Path file, StateEncryption encryption) {
    PlanInput in = plan.input();
    ObjectNode root = JSON.createObjectNode();
    root.put("plan_format_version", FORMAT_VERSION);
    ObjectNode g = root.putObject("group");
    InstanceGroup group = in.group();
    g.put("name", group.name());
    ObjectNode p = g.putObject("provider");
    p.put("name", group.provider().name());
    p.put("version", group.provider().version());
    ObjectNode options = p.putObject("options");
    group.provider().options().forEach(options::put);
    g.put("count", group.count());
    g.put("region", group.region());
    g.put("image", group.image());
    g.put("flavor", group.flavor());
    ArrayNode keys = g.putArray("ssh_keys");
    group.sshKeys().forEach(keys::add);
    g.put("user_data", group.userData());
    ObjectNode labels = g.putObject("labels");
    group.labels().forEach(labels::put);
    g.put("prevent_destroy", group.lifecycle().preventDestroy());
    g.put("create_before_destroy", group.lifecycle().createBeforeDestroy());
    ArrayNode ignoreChanges = g.putArray("ignore_changes");
    group.lifecycle().ignoreChanges().forEach(ignoreChanges::add);
    root.put("provider_name", in.providerName());
    root.put("provider_version", in.providerVersion());
    ArrayNode updatable = root.putArray("updatable_in_place");
    in.updatable().stream().map(a -> a.name().toLowerCase(Locale.ROOT)).sorted()
        .forEach(updatable::add);
    root.put("image_id", in.imageId());
    root.put("flavor_id", in.flavorId());
    root.set("stored_state", StateJson.toNode(in.stored()));
    root.set("prior_state", StateJson.toNode(in.prior()));
    root.put("state_exists", in.stateExists());
    root.put("destroy", in.destroy());
    root.put("refresh_only", in.refreshOnly());
    ArrayNode targets = root.putArray("targets");
    in.targets().stream().sorted().forEach(targets::add);
    ArrayNode excludes = root.putArray("excludes");
    in.excludes().stream().sorted().forEach(excludes::add);
    ArrayNode notes = root.putArray("refresh_notes");
    in.notes().forEach(notes::add);
    byte[] bytes = encryption.encrypt(JSON.writeValueAsBytes(root));
    try {
      AtomicFile.write(file, bytes);
    } catch (IOException e) {
      throw new ProvisionException("cannot write plan file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a plan written by {@link #write}.
   *
   * @throws SpecException if the file is malformed, naming it and the field
   * @throws dev.gitopsjava.provision.state.StateDecryptionException for a wrong passphrase or a
   *     tampered file
   */
  public static Plan read(Path file, StateEncryption encryption) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ProvisionException("cannot read plan file " + file + ": " + e.getMessage(), e);
    }
    byte[] plain = encryption.decrypt(raw, file.toString());
    JsonNode root;
    try {
      root = JSON.readTree(plain);
    } catch (JacksonException e) {
      throw new SpecException(file + " is not a plan file (not JSON)");
    }
    if (root == null || root.path("plan_format_version").asInt(0) != FORMAT_VERSION) {
      throw new SpecException(file + " is not a plan file of format version " + FORMAT_VERSION);
    }
    String src = file.toString();
    try {
      JsonNode g = need(root, "group", src);
      JsonNode p = need(g, "provider", src);
      Map<String, String> options = textMap(p, "group.provider.options", src);
      List<String> sshKeys = texts(g, "group.ssh_keys", src);
      Map<String, String> labels = textMap(g, "group.labels", src);
      JsonNode count = need(g, "count", src);
      if (!count.isIntegralNumber() || !count.canConvertToInt()) {
        throw new SpecException(src + ": field group.count must be an integer");
      }
      InstanceGroup group = new InstanceGroup(text(g, "name", src),
          new ProviderRequirement(text(p, "name", src), text(p, "version", src), options),
          count.intValue(), text(g, "region", src), text(g, "image", src),
          text(g, "flavor", src), sshKeys, text(g, "user_data", src), labels,
          new Lifecycle(g.path("prevent_destroy").asBoolean(false),
              g.path("create_before_destroy").asBoolean(false),
              new LinkedHashSet<>(texts(g, "group.ignore_changes", src))));
      Set<InstanceAttribute> updatable = new LinkedHashSet<>();
      for (String a : texts(root, "updatable_in_place", src)) {
        updatable.add(InstanceAttribute.valueOf(a.toUpperCase(Locale.ROOT)));
      }
      State prior = StateJson.fromNode(need(root, "prior_state", src), src + " prior_state");
      // Plans saved before refresh-only existed have no stored_state; their prior stands in.
      State stored = root.has("stored_state")
          ? StateJson.fromNode(need(root, "stored_state", src), src + " stored_state") : prior;
      Set<String> targets = new LinkedHashSet<>(texts(root, "targets", src));
      Set<String> excludes = new LinkedHashSet<>(texts(root, "excludes", src));
      List<String> notes = texts(root, "refresh_notes", src);
      return new Plan(new PlanInput(group, text(root, "provider_name", src),
          text(root, "provider_version", src), updatable, text(root, "image_id", src),
          text(root, "flavor_id", src), stored, prior, root.path("state_exists").asBoolean(false),
          root.path("destroy").asBoolean(false), root.path("refresh_only").asBoolean(false),
          targets, excludes, notes));
    } catch (IllegalArgumentException e) {
      throw new SpecException(file + ": " + e.getMessage());
    }
  }

  private static JsonNode need(JsonNode node, String field, String src) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new SpecException(src + ": field " + field + " is missing");
    }
    return v;
  }

  /** The strings of an optional array {@code path} (its last name is the field of {@code node}). */
  private static List<String> texts(JsonNode node, String path, String src) {
    JsonNode v = node.path(path.substring(path.lastIndexOf('.') + 1));
    List<String> out = new ArrayList<>();
    if (v.isMissingNode()) {
      return out;
    }
    if (!v.isArray()) {
      throw new SpecException(src + ": field " + path + " must be an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isString()) {
        throw new SpecException(src + ": field " + path + " must be an array of strings");
      }
      out.add(e.stringValue());
    }
    return out;
  }

  /** The string values of an optional object {@code path}. */
  private static Map<String, String> textMap(JsonNode node, String path, String src) {
    JsonNode v = node.path(path.substring(path.lastIndexOf('.') + 1));
    Map<String, String> out = new LinkedHashMap<>();
    if (v.isMissingNode()) {
      return out;
    }
    if (!v.isObject()) {
      throw new SpecException(src + ": field " + path + " must be an object of strings");
    }
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isString()) {
        throw new SpecException(src + ": field " + path + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().stringValue());
    }
    return out;
  }

  private static String text(JsonNode node, String field, String src) {
    JsonNode v = need(node, field, src);
    if (!v.isString()) {
      throw new SpecException(src + ": field " + field + " must be a string");
    }
    return v.stringValue();
  }
}
