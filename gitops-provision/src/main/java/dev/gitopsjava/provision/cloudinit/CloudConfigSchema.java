package dev.gitopsjava.provision.cloudinit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeType;

/**
 * The checks cloud-init 22.4's {@code schema-cloud-config-v1.json} makes on the modules a node
 * bootstrap uses (header, YAML dict, {@code hostname}, {@code packages}, {@code runcmd},
 * {@code bootcmd}, {@code write_files}, {@code users}, {@code ssh_authorized_keys}), plus one that
 * cloud-init does not make: unknown top-level keys are rejected, because cloud-init ignores a
 * misspelt module silently. Paths and messages follow cloud-init's wording so both tools'
 * verdicts can be compared.
 */
final class CloudConfigSchema {
  static final String HEADER = "#cloud-config";

  private static final Set<String> TOP_LEVEL_KEYS = loadKeys();
  private static final Set<String> WRITE_FILE_KEYS =
      Set.of("path", "content", "owner", "permissions", "encoding", "append", "defer");
  private static final Set<String> ENCODINGS = Set.of("gz", "gzip", "gz+base64", "gzip+base64",
      "gz+b64", "gzip+b64", "b64", "base64", "text/plain");
  private static final Map<String, JsonNodeType> USER_SCALARS = Map.ofEntries(
      Map.entry("name", JsonNodeType.STRING), Map.entry("expiredate", JsonNodeType.STRING),
      Map.entry("gecos", JsonNodeType.STRING), Map.entry("homedir", JsonNodeType.STRING),
      Map.entry("inactive", JsonNodeType.STRING), Map.entry("lock-passwd", JsonNodeType.BOOLEAN),
      Map.entry("lock_passwd", JsonNodeType.BOOLEAN),
      Map.entry("no_create_home", JsonNodeType.BOOLEAN),
      Map.entry("no_log_init", JsonNodeType.BOOLEAN),
      Map.entry("no_user_group", JsonNodeType.BOOLEAN), Map.entry("passwd", JsonNodeType.STRING),
      Map.entry("hashed_passwd", JsonNodeType.STRING),
      Map.entry("plain_text_passwd", JsonNodeType.STRING),
      Map.entry("create_groups", JsonNodeType.BOOLEAN),
      Map.entry("primary_group", JsonNodeType.STRING),
      Map.entry("selinux_user", JsonNodeType.STRING), Map.entry("shell", JsonNodeType.STRING),
      Map.entry("snapuser", JsonNodeType.STRING),
      Map.entry("ssh_redirect_user", JsonNodeType.BOOLEAN),
      Map.entry("system", JsonNodeType.BOOLEAN));
  private static final Set<String> USER_OTHER_KEYS =
      Set.of("groups", "ssh_authorized_keys", "ssh_import_id", "sudo", "uid");

  private CloudConfigSchema() {}

  /** Every problem in {@code text}; empty when cloud-init would accept it (and no key is unknown). */
  static List<CloudConfigProblem> check(String text, String source) {
    List<CloudConfigProblem> problems = new ArrayList<>();
    String firstLine = text.lines().findFirst().orElse("");
    if (!firstLine.stripTrailing().equals(HEADER)) {
      problems.add(new CloudConfigProblem("format-l1.c1",
          "File " + source + " needs to begin with \"" + HEADER + "\""));
      return problems;
    }
    JsonNode root;
    try {
      root = CloudConfigYaml.read(text);
    } catch (YamlEngineException e) {
      // cloud-init reports the context mark when there is one, else the problem mark (1-based).
      Mark at = null;
      String detail = e.getMessage();
      if (e instanceof MarkedYamlEngineException m) {
        at = m.getContextMark().or(m::getProblemMark).orElse(null);
        detail = (m.getContext() == null ? "" : m.getContext() + " ")
            + (m.getProblem() == null ? "" : m.getProblem());
      }
      String where = at == null ? "format-l1.c1"
          : "format-l" + (at.getLine() + 1) + ".c" + (at.getColumn() + 1);
      problems.add(new CloudConfigProblem(where,
          "File " + source + " is not valid yaml. " + detail.strip()));
      return problems;
    } catch (StackOverflowError e) {
      problems.add(new CloudConfigProblem("format-l1.c1",
          "File " + source + " is nested too deeply to read"));
      return problems;
    }
    if (root == null || !root.isObject()) {
      problems.add(new CloudConfigProblem("(root)", "Cloud-config is not a YAML dict."));
      return problems;
    }
    checkRoot(root, problems);
    return problems;
  }

  /** The checks for a document already known to be a YAML dict. */
  static void checkRoot(JsonNode root, List<CloudConfigProblem> problems) {
    for (String key : root.propertyNames()) {
      JsonNode value = root.get(key);
      if (!TOP_LEVEL_KEYS.contains(key)) {
        problems.add(new CloudConfigProblem(key,
            "is not a cloud-config module key (cloud-init would ignore it; misspelt?)"));
        continue;
      }
      switch (key) {
        case "hostname", "fqdn", "timezone" -> type(key, value, JsonNodeType.STRING, problems);
        case "package_update", "package_upgrade", "package_reboot_if_required",
            "preserve_hostname" -> type(key, value, JsonNodeType.BOOLEAN, problems);
        case "runcmd" -> commands(key, value, true, problems);
        case "bootcmd" -> commands(key, value, false, problems);
        case "packages" -> packages(value, problems);
        case "write_files" -> writeFiles(value, problems);
        case "users" -> users(value, problems);
        case "ssh_authorized_keys" -> stringArray(key, value, problems);
        default -> { }
      }
    }
  }

  private static boolean type(String path, JsonNode value, JsonNodeType want,
      List<CloudConfigProblem> problems) {
    if (value.getNodeType() != want) {
      problems.add(new CloudConfigProblem(path,
          show(value) + " is not of type '" + schemaName(want) + "'"));
      return false;
    }
    return true;
  }

  private static boolean nonEmptyArray(String path, JsonNode value,
      List<CloudConfigProblem> problems) {
    if (!type(path, value, JsonNodeType.ARRAY, problems)) {
      return false;
    }
    if (value.isEmpty()) {
      problems.add(new CloudConfigProblem(path, "[] is too short"));
      return false;
    }
    return true;
  }

  private static void commands(String key, JsonNode value, boolean allowNull,
      List<CloudConfigProblem> problems) {
    if (!nonEmptyArray(key, value, problems)) {
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      boolean ok = item.isString() || (allowNull && item.isNull()) || isStringArray(item);
      if (!ok) {
        problems.add(new CloudConfigProblem(key + "." + i,
            show(item) + " is not valid under any of the given schemas"));
      }
    }
  }

  private static void packages(JsonNode value, List<CloudConfigProblem> problems) {
    if (!nonEmptyArray("packages", value, problems)) {
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      boolean ok = item.isString() || (isStringArray(item) && item.size() == 2);
      if (!ok) {
        problems.add(new CloudConfigProblem("packages." + i,
            show(item) + " is not valid under any of the given schemas"));
      }
    }
  }

  private static void writeFiles(JsonNode value, List<CloudConfigProblem> problems) {
    if (!nonEmptyArray("write_files", value, problems)) {
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      String path = "write_files." + i;
      JsonNode file = value.get(i);
      if (!type(path, file, JsonNodeType.OBJECT, problems)) {
        continue;
      }
      if (!file.has("path")) {
        problems.add(new CloudConfigProblem(path, "'path' is a required property"));
      }
      for (String field : file.propertyNames()) {
        JsonNode v = file.get(field);
        if (!WRITE_FILE_KEYS.contains(field)) {
          problems.add(new CloudConfigProblem(path,
              "Additional properties are not allowed ('" + field + "' was unexpected)"));
        } else if (field.equals("append") || field.equals("defer")) {
          type(path + "." + field, v, JsonNodeType.BOOLEAN, problems);
        } else if (type(path + "." + field, v, JsonNodeType.STRING, problems)
            && field.equals("encoding") && !ENCODINGS.contains(v.stringValue())) {
          problems.add(new CloudConfigProblem(path + ".encoding",
              "'" + v.stringValue() + "' is not one of " + new TreeSet<>(ENCODINGS)));
        }
      }
    }
  }

  private static void users(JsonNode value, List<CloudConfigProblem> problems) {
    if (value.isString() || value.isObject()) {
      return;
    }
    if (!value.isArray()) {
      problems.add(new CloudConfigProblem("users",
          show(value) + " is not of type 'string', 'array', 'object'"));
      return;
    }
    if (!nonEmptyArray("users", value, problems)) {
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      JsonNode user = value.get(i);
      if (user.isString() || isStringArray(user)) {
        continue;
      }
      List<String> why = user.isObject() ? userProblems(user) : List.of("not a string, list or map");
      if (!why.isEmpty()) {
        problems.add(new CloudConfigProblem("users." + i,
            show(user) + " is not valid under any of the given schemas ("
                + String.join("; ", why) + ")"));
      }
    }
  }

  private static List<String> userProblems(JsonNode user) {
    List<String> why = new ArrayList<>();
    if (!user.has("name") && !user.has("snapuser")) {
      why.add("needs 'name' or 'snapuser'");
    }
    for (String field : user.propertyNames()) {
      JsonNode v = user.get(field);
      JsonNodeType scalar = USER_SCALARS.get(field);
      if (scalar != null) {
        if (v.getNodeType() != scalar) {
          why.add(field + " is not of type '" + schemaName(scalar) + "'");
        }
      } else if (!USER_OTHER_KEYS.contains(field)) {
        why.add("unknown key '" + field + "'");
      } else {
        boolean ok = switch (field) {
          case "ssh_authorized_keys", "ssh_import_id" -> isStringArray(v);
          case "groups" -> v.isString() || (isStringArray(v) && !v.isEmpty()) || v.isObject();
          case "sudo" -> v.isString() || v.isNull() || v.isBoolean();
          case "uid" -> v.isIntegralNumber() || v.isString();
          default -> true;
        };
        if (!ok) {
          why.add(field + " has the wrong type");
        }
      }
    }
    return why;
  }

  private static void stringArray(String path, JsonNode value, List<CloudConfigProblem> problems) {
    if (type(path, value, JsonNodeType.ARRAY, problems) && !isStringArray(value)) {
      problems.add(new CloudConfigProblem(path, "items must be strings"));
    }
  }

  private static boolean isStringArray(JsonNode node) {
    if (!node.isArray()) {
      return false;
    }
    for (JsonNode item : node) {
      if (!item.isString()) {
        return false;
      }
    }
    return true;
  }

  private static String schemaName(JsonNodeType type) {
    return switch (type) {
      case STRING -> "string";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT -> "object";
      case NUMBER -> "number";
      default -> type.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * The value at fault, described without its text. cloud-init prints the value itself, but user
   * data holds secrets (bootstrap tokens in runcmd, {@code passwd} and {@code plain_text_passwd}
   * in users, keys in write_files content) and these messages reach exceptions and logs: numbers,
   * booleans and null are shown, strings only by length, containers by size and keys.
   */
  private static String show(JsonNode value) {
    if (value.isString()) {
      return "a string of " + value.stringValue().length() + " characters";
    }
    if (value.isArray()) {
      return "an array of " + value.size() + " items";
    }
    if (value.isObject()) {
      return "an object with keys " + new TreeSet<>(value.propertyNames());
    }
    String text = value.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  private static Set<String> loadKeys() {
    String name = "cloud-config-keys.txt";
    try (InputStream in = CloudConfigSchema.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + name);
      }
      Set<String> keys = new TreeSet<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .forEach(keys::add);
      }
      return Set.copyOf(keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
