package dev.gitopsjava.secrets.sops;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which values of a document get encrypted: exactly one selection rule, as in SOPS (the default is
 * {@code unencrypted_suffix: _unencrypted}), plus {@code mac_only_encrypted}.
 *
 * <p>A rule tests every key on the path from the document root to the value, so a key that matches
 * decides for everything below it. Regexes are searched in each key ({@code Matcher.find()}, like
 * Go's {@code regexp.Match}); write anchors when a whole-key match is meant:
 *
 * <pre>{@code
 * SopsRules secretData = SopsRules.encryptedRegex("^(data|stringData)$");
 * }</pre>
 */
public final class SopsRules {

  /** The rule kinds, named as the {@code sops} metadata key that stores them. */
  public enum Kind {
    /** Keys ending in a suffix stay in clear text. */
    UNENCRYPTED_SUFFIX,
    /** Only keys ending in a suffix are encrypted. */
    ENCRYPTED_SUFFIX,
    /** Keys matching a regular expression stay in clear text. */
    UNENCRYPTED_REGEX,
    /** Only keys matching a regular expression are encrypted. */
    ENCRYPTED_REGEX;

    /** The metadata key, e.g. {@code encrypted_regex}. */
    public String metadataKey() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** SOPS's default suffix. */
  public static final String DEFAULT_UNENCRYPTED_SUFFIX = "_unencrypted";

  private final Kind kind;
  private final String value;
  private final boolean macOnlyEncrypted;
  private final Pattern pattern;

  private SopsRules(Kind kind, String value, boolean macOnlyEncrypted) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.value = Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(kind.metadataKey() + " must not be empty");
    }
    this.macOnlyEncrypted = macOnlyEncrypted;
    Pattern p = null;
    if (kind == Kind.UNENCRYPTED_REGEX || kind == Kind.ENCRYPTED_REGEX) {
      try {
        p = Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            kind.metadataKey() + " is not a valid regular expression: " + e.getDescription(), e);
      }
    }
    this.pattern = p == null ? Pattern.compile("") : p;
  }

  /** {@code unencrypted_suffix: _unencrypted}, SOPS's default. */
  public static SopsRules defaults() {
    return new SopsRules(Kind.UNENCRYPTED_SUFFIX, DEFAULT_UNENCRYPTED_SUFFIX, false);
  }

  /** A rule of the given kind; regexes are checked at once. */
  public static SopsRules of(Kind kind, String value) {
    return new SopsRules(kind, value, false);
  }

  /** Values under a key ending with {@code suffix} stay in clear text. */
  public static SopsRules unencryptedSuffix(String suffix) {
    return of(Kind.UNENCRYPTED_SUFFIX, suffix);
  }

  /** Only values under a key ending with {@code suffix} are encrypted. */
  public static SopsRules encryptedSuffix(String suffix) {
    return of(Kind.ENCRYPTED_SUFFIX, suffix);
  }

  /** Values under a key in which {@code regex} is found stay in clear text. */
  public static SopsRules unencryptedRegex(String regex) {
    return of(Kind.UNENCRYPTED_REGEX, regex);
  }

  /** Only values under a key in which {@code regex} is found are encrypted. */
  public static SopsRules encryptedRegex(String regex) {
    return of(Kind.ENCRYPTED_REGEX, regex);
  }

  /** A copy with {@code mac_only_encrypted} set: clear-text values stay out of the MAC. */
  public SopsRules withMacOnlyEncrypted(boolean macOnlyEncrypted) {
    return new SopsRules(kind, value, macOnlyEncrypted);
  }

  /** Which kind of rule this is. */
  public Kind kind() {
    return kind;
  }

  /** The suffix or regex. */
  public String value() {
    return value;
  }

  /** True when the MAC covers only the encrypted values (SOPS's {@code mac_only_encrypted}). */
  public boolean macOnlyEncrypted() {
    return macOnlyEncrypted;
  }

  /** SOPS's {@code shouldBeEncrypted}: the decision for a value at {@code path} (mapping keys). */
  boolean shouldEncrypt(List<String> path) {
    switch (kind) {
      case UNENCRYPTED_SUFFIX:
        return path.stream().noneMatch(k -> k.endsWith(value));
      case ENCRYPTED_SUFFIX:
        return path.stream().anyMatch(k -> k.endsWith(value));
      case UNENCRYPTED_REGEX:
        return path.stream().noneMatch(k -> pattern.matcher(k).find());
      case ENCRYPTED_REGEX:
        return path.stream().anyMatch(k -> pattern.matcher(k).find());
      default:
        throw new AssertionError(kind);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SopsRules r && r.kind == kind && r.value.equals(value)
        && r.macOnlyEncrypted == macOnlyEncrypted;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value, macOnlyEncrypted);
  }

  @Override
  public String toString() {
    return kind.metadataKey() + ": " + value + (macOnlyEncrypted ? ", mac_only_encrypted" : "");
  }
}
