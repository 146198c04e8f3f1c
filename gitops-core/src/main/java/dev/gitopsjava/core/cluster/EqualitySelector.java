package dev.gitopsjava.core.cluster;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Guards equality label selectors: a key or value with a character like {@code ,}, {@code !},
 * {@code (} or a space would turn {@code key=value} into a different (possibly set-based) selector,
 * which some servers ignore and then match every object.
 */
final class EqualitySelector {

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)");
  private static final Pattern PREFIX = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
  private static final Pattern VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");

  private EqualitySelector() {}

  /** Returns {@code labels} after checking every key and value. */
  static Map<String, String> check(Map<String, String> labels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      String key = e.getKey();
      int slash = key.indexOf('/');
      boolean validKey = slash < 0
          ? NAME.matcher(key).matches()
          : PREFIX.matcher(key.substring(0, slash)).matches() && NAME.matcher(key.substring(slash + 1)).matches();
      if (!validKey) {
        throw new IllegalArgumentException("invalid label key in selector: '" + key + "'");
      }
      if (!VALUE.matcher(e.getValue()).matches()) {
        throw new IllegalArgumentException("invalid value for label " + key + " in selector: '" + e.getValue() + "'");
      }
    }
    return labels;
  }
}
