package dev.gitopsjava.provision.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who holds a state lock, with Terraform's fields and JSON names ({@code ID}, {@code Operation},
 * {@code Info}, {@code Who}, {@code Version}, {@code Created}, {@code Path}), so people and scripts
 * that know {@code terraform force-unlock} read it the same way.
 *
 * @param id random UUID; the nonce {@code force-unlock} needs
 * @param operation what the holder is doing: {@code plan}, {@code apply}, {@code destroy}, ...
 * @param info free text
 * @param who {@code user@host}
 * @param version the holder's gitops-provision version
 * @param created when the lock was taken (UTC)
 * @param path the state the lock protects
 */
public record LockInfo(
    String id, String operation, String info, String who, String version, Instant created,
    String path) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Checks the components. */
  public LockInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(who, "who");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(path, "path");
  }

  /** A new lock info with a random ID, {@code user@host} and the clock's now. */
  public static LockInfo create(String operation, String path, Clock clock) {
    return new LockInfo(UUID.randomUUID().toString(), operation, "", currentUser(),
        implementationVersion(), clock.instant(), path);
  }

  /** The lock info as Terraform writes it. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("ID", id);
    n.put("Operation", operation);
    n.put("Info", info);
    n.put("Who", who);
    n.put("Version", version);
    n.put("Created", created.toString());
    n.put("Path", path);
    return JSON.writeValueAsString(n);
  }

  /**
   * Parses {@link #toJson()} output.
   *
   * @throws StateException if {@code json} is not a lock info, naming {@code source}
   */
  public static LockInfo fromJson(String json, String source) {
    try {
      JsonNode n = JSON.readTree(json);
      if (n == null || !n.isObject()) {
        throw new StateException(source + ": lock info is not a JSON object");
      }
      Instant created;
      try {
        created = Instant.parse(text(n, "Created", source));
      } catch (DateTimeParseException e) {
        throw new StateException(source + ": lock info field Created is not an RFC 3339 time");
      }
      return new LockInfo(text(n, "ID", source), text(n, "Operation", source),
          text(n, "Info", source), text(n, "Who", source), text(n, "Version", source),
          created, text(n, "Path", source));
    } catch (JacksonException e) {
      throw new StateException(source + ": lock info is not valid JSON");
    }
  }

  private static String text(JsonNode n, String field, String source) {
    JsonNode v = n.get(field);
    if (v == null || !v.isString()) {
      throw new StateException(source + ": lock info field " + field + " is missing");
    }
    return v.stringValue();
  }

  /** One line for error messages. */
  public String describe() {
    return "ID=" + id + ", Operation=" + operation + ", Who=" + who + ", Created=" + created
        + ", Path=" + path + (info.isEmpty() ? "" : ", Info=" + info);
  }

  private static String currentUser() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return System.getProperty("user.name", "unknown") + "@" + host;
  }

  private static String implementationVersion() {
    String v = LockInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
