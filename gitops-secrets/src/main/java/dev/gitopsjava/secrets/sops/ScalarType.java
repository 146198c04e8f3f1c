package dev.gitopsjava.secrets.sops;

import java.util.Locale;
import java.util.Optional;

/**
 * The scalar kinds SOPS knows, named by the {@code type:} field of an encrypted value. The text of a
 * {@link TreeScalar} of each type is exactly the bytes SOPS encrypts and feeds to the MAC.
 */
enum ScalarType {
  /** UTF-8 text. */
  STR,
  /** Decimal digits, as Go's {@code strconv.Itoa}. */
  INT,
  /** Go's {@code FormatFloat(v, 'f', -1, 64)}: shortest, never an exponent. */
  FLOAT,
  /** {@code True} or {@code False}. */
  BOOL,
  /** RFC 3339 text (SOPS 3.10+ writes YAML timestamps with this type). */
  TIME,
  /** Raw bytes; the text is their ISO-8859-1 decoding, so each char is one byte. */
  BYTES,
  /** YAML/JSON null: never encrypted, not in the MAC. */
  NULL;

  /** The {@code type:} tag SOPS writes. */
  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<ScalarType> fromTag(String tag) {
    for (ScalarType t : values()) {
      if (t != NULL && t.tag().equals(tag)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
