package dev.gitopsjava.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Argo CD sync options ({@code CreateNamespace=true}, {@code PruneLast=true},
 * {@code ServerSideApply=true}, …), kept in order as written. Options this engine does not act on
 * are kept too, so nothing in the Application is lost.
 *
 * @param options option name to value, in the order written
 */
public record SyncOptions(Map<String, String> options) {
  /** No options. */
  public static final SyncOptions NONE = new SyncOptions(Map.of());

  /** Checks the components. */
  public SyncOptions {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /**
   * Parses {@code Name=value} entries as written in {@code syncOptions} or the
   * {@code argocd.argoproj.io/sync-options} annotation (comma-separated there).
   *
   * @throws IllegalArgumentException naming the entry that is not {@code Name=value}
   */
  public static SyncOptions parse(List<String> entries) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String raw : entries) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("sync option '" + entry + "' is not of the form Name=value");
      }
      map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
    }
    return new SyncOptions(map);
  }

  /** The value of an option. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(options.get(name));
  }

  /** True when the option is set to {@code true} (case-insensitive). */
  public boolean isTrue(String name) {
    return get(name).map(v -> v.toLowerCase(Locale.ROOT).equals("true")).orElse(false);
  }

  /** {@code CreateNamespace=true}: create the destination namespace before anything else. */
  public boolean createNamespace() {
    return isTrue("CreateNamespace");
  }

  /** {@code PruneLast=true}: prune after every other resource is synced and healthy. */
  public boolean pruneLast() {
    return isTrue("PruneLast");
  }

  /** {@code ServerSideApply=true}: apply with server-side apply instead of client-side apply. */
  public boolean serverSideApply() {
    return isTrue("ServerSideApply");
  }

  /** {@code ApplyOutOfSyncOnly=true}: write only resources that differ. */
  public boolean applyOutOfSyncOnly() {
    return isTrue("ApplyOutOfSyncOnly");
  }

  /** {@code RespectIgnoreDifferences=true}: keep live values of ignored fields when applying. */
  public boolean respectIgnoreDifferences() {
    return isTrue("RespectIgnoreDifferences");
  }

  /** {@code PrunePropagationPolicy}: foreground (default), background or orphan. */
  public String prunePropagationPolicy() {
    return get("PrunePropagationPolicy").orElse("foreground");
  }

  /** The options as written, {@code Name=value}. */
  public List<String> asList() {
    return options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
