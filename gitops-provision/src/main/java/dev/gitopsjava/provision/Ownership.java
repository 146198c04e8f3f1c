package dev.gitopsjava.provision;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that mark an instance as this state's: lineage, group and slot. Listing by them finds
 * an instance whose create response was lost, and tells the engine's instances from everyone
 * else's, so nothing without them is ever deleted.
 */
final class Ownership {

  static final String LINEAGE = InstanceGroup.LABEL_PREFIX + "lineage";
  static final String GROUP = InstanceGroup.LABEL_PREFIX + "group";
  static final String INSTANCE = InstanceGroup.LABEL_PREFIX + "instance";

  private Ownership() {}

  static Map<String, String> group(String lineage, String group) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(LINEAGE, lineage);
    m.put(GROUP, group);
    return m;
  }

  static Map<String, String> instance(String lineage, String group, String key) {
    Map<String, String> m = group(lineage, group);
    m.put(INSTANCE, key);
    return m;
  }

  /** The spec's labels plus the ownership labels. */
  static Map<String, String> labels(InstanceGroup g, String lineage, String key) {
    Map<String, String> m = new LinkedHashMap<>(g.labels());
    m.putAll(instance(lineage, g.name(), key));
    return m;
  }

  /** The cloud-side name of generation {@code generation} in slot {@code key}. */
  static String name(String key, int generation) {
    return generation == 1 ? key : key + "-g" + generation;
  }

  /** The labels without the ownership marks, for display. */
  static Map<String, String> withoutOwnership(Map<String, String> labels) {
    Map<String, String> m = new java.util.TreeMap<>(labels);
    m.keySet().removeIf(k -> k.startsWith(InstanceGroup.LABEL_PREFIX));
    return m;
  }

  /** Only the ownership marks of {@code labels}. */
  static Map<String, String> marks(Map<String, String> labels) {
    Map<String, String> m = new java.util.TreeMap<>(labels);
    m.keySet().removeIf(k -> !k.startsWith(InstanceGroup.LABEL_PREFIX));
    return m;
  }
}
