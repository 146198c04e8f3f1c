package dev.gitopsjava.secrets.sops;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes the {@code sops} block ({@code stores/stores.go} in SOPS). Reading accepts every
 * variant SOPS 3.7 to 3.13 writes (empty {@code kms: []} or {@code null} lists, or none; key lists
 * at the top or in one {@code key_groups} entry; any key order) and ignores unknown keys.
 */
final class MetadataCodec {
  /** The SOPS release whose file format this writer follows (mac_only_encrypted needs 3.9). */
  static final String WRITER_VERSION = "3.9.0";

  private static final List<String> OTHER_KEY_TYPES =
      List.of("pgp", "kms", "gcp_kms", "hckms", "azure_kv", "hc_vault");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private MetadataCodec() {}

  static SopsMetadata read(TreeBranch sops) {
    List<SopsAgeKey> age;
    List<String> others = new ArrayList<>();
    int groups = 1;
    Optional<TreeValue> keyGroups = sops.get("key_groups").filter(v -> !isNull(v));
    if (keyGroups.isPresent()) {
      if (!(keyGroups.get() instanceof TreeList l)) {
        throw new SopsFormatException("sops.key_groups must be a list");
      }
      List<TreeValue> list = l.items().stream().filter(v -> !(v instanceof TreeComment)).toList();
      groups = list.size();
      if (groups == 0) {
        throw new SopsFormatException("sops.key_groups is empty");
      }
      if (!(list.get(0) instanceof TreeBranch first)) {
        throw new SopsFormatException("sops.key_groups[0] must be a mapping");
      }
      age = ageKeys(first, "sops.key_groups[0].age");
      others.addAll(otherTypes(first));
    } else {
      age = ageKeys(sops, "sops.age");
      others.addAll(otherTypes(sops));
    }
    String lastModified = text(sops, "lastmodified").orElse("");
    String mac = text(sops, "mac").orElse("");
    Optional<SopsRules> rules = Optional.empty();
    for (SopsRules.Kind kind : SopsRules.Kind.values()) {
      Optional<String> v = text(sops, kind.metadataKey()).filter(s -> !s.isEmpty());
      if (v.isPresent()) {
        if (rules.isPresent()) {
          throw new SopsFormatException("sops: cannot use more than one of unencrypted_suffix, "
              + "encrypted_suffix, unencrypted_regex and encrypted_regex");
        }
        try {
          rules = Optional.of(SopsRules.of(kind, v.get()));
        } catch (IllegalArgumentException e) {
          throw new SopsFormatException("sops." + kind.metadataKey() + " is not valid: "
              + e.getMessage());
        }
      }
    }
    for (String unsupported : List.of("unencrypted_comment_regex", "encrypted_comment_regex")) {
      if (text(sops, unsupported).filter(s -> !s.isEmpty()).isPresent()) {
        throw new SopsUnsupportedException("sops." + unsupported + " is not supported");
      }
    }
    boolean macOnly = sops.get("mac_only_encrypted")
        .filter(v -> v instanceof TreeScalar s && (s.text().equals("True") || s.text().equals("true")))
        .isPresent();
    if (macOnly && rules.isPresent()) {
      rules = Optional.of(rules.get().withMacOnlyEncrypted(true));
    }
    String version = text(sops, "version").orElse("");
    return new SopsMetadata(age, groups, others, lastModified, mac, rules, macOnly, version);
  }

  private static List<SopsAgeKey> ageKeys(TreeBranch group, String where) {
    Optional<TreeValue> v = group.get("age").filter(x -> !isNull(x));
    if (v.isEmpty()) {
      return List.of();
    }
    if (!(v.get() instanceof TreeList l)) {
      throw new SopsFormatException(where + " must be a list");
    }
    List<SopsAgeKey> keys = new ArrayList<>();
    for (TreeValue item : l.items()) {
      if (item instanceof TreeComment) {
        continue;
      }
      if (!(item instanceof TreeBranch b)) {
        throw new SopsFormatException(where + " entries must be mappings");
      }
      String recipient = text(b, "recipient").orElseThrow(
          () -> new SopsFormatException(where + " entry without a recipient"));
      String enc = text(b, "enc").orElseThrow(
          () -> new SopsFormatException(where + " entry for " + recipient + " without enc"));
      keys.add(new SopsAgeKey(recipient, enc));
    }
    return keys;
  }

  private static List<String> otherTypes(TreeBranch group) {
    List<String> types = new ArrayList<>();
    for (String t : OTHER_KEY_TYPES) {
      group.get(t).filter(v -> v instanceof TreeList l && !l.items().isEmpty()).ifPresent(v -> types.add(t));
    }
    return types;
  }

  private static boolean isNull(TreeValue v) {
    return v instanceof TreeScalar s && s.type() == ScalarType.NULL;
  }

  private static Optional<String> text(TreeBranch b, String key) {
    Optional<TreeValue> v = b.get(key);
    if (v.isEmpty() || isNull(v.get())) {
      return Optional.empty();
    }
    if (!(v.get() instanceof TreeScalar s)) {
      throw new SopsFormatException("sops." + key + " must be a scalar");
    }
    return Optional.of(s.type() == ScalarType.BOOL ? s.text().toLowerCase(java.util.Locale.ROOT) : s.text());
  }

  /**
   * The MAC's additional data: {@code lastmodified} re-formatted as Go's {@code time.RFC3339}
   * (seconds, {@code Z} for UTC), as SOPS does after parsing it.
   */
  static String canonicalLastModified(String lastModified) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(lastModified);
      String offset = t.getOffset().equals(ZoneOffset.UTC) ? "Z" : t.getOffset().getId();
      return t.format(SECONDS) + offset;
    } catch (DateTimeParseException e) {
      throw new SopsFormatException("sops.lastmodified is not an RFC 3339 time");
    }
  }

  static String format(OffsetDateTime time) {
    return time.withOffsetSameInstant(ZoneOffset.UTC).format(SECONDS) + "Z";
  }

  /** The {@code sops} block SOPS 3.9+ writes for a single key group of age recipients. */
  static TreeBranch write(List<SopsAgeKey> ageKeys, String lastModified, String mac, SopsRules rules) {
    TreeBranch sops = new TreeBranch();
    TreeList age = new TreeList();
    for (SopsAgeKey k : ageKeys) {
      age.add(new TreeBranch().put("recipient", TreeScalar.str(k.recipient()))
          .put("enc", TreeScalar.str(k.enc())));
    }
    sops.put("age", age);
    sops.put("lastmodified", TreeScalar.str(lastModified));
    sops.put("mac", TreeScalar.str(mac));
    sops.put(rules.kind().metadataKey(), TreeScalar.str(rules.value()));
    if (rules.macOnlyEncrypted()) {
      sops.put("mac_only_encrypted", TreeScalar.bool(true));
    }
    sops.put("version", TreeScalar.str(WRITER_VERSION));
    return sops;
  }
}
