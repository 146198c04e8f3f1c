package dev.gitopsjava.secrets.sops;

import java.util.Locale;
import java.util.Objects;

/**
 * The SOPS stores. YAML and JSON are read and written; dotenv, INI and binary files are read
 * (decrypted) only. {@link #forFileName} picks the store by extension as SOPS does, binary for an
 * unknown one.
 */
public enum SopsFormat {
  /** A YAML document. */
  YAML,
  /** A JSON document. */
  JSON,
  /** A dotenv file ({@code KEY=value} lines). */
  DOTENV,
  /** An INI file. */
  INI,
  /** Any other file, encrypted whole. */
  BINARY;

  /** The format SOPS would use for {@code fileName}: by extension, binary when unknown. */
  public static SopsFormat forFileName(String fileName) {
    Objects.requireNonNull(fileName, "fileName");
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".env")) {
      return DOTENV;
    }
    if (name.endsWith(".ini")) {
      return INI;
    }
    return BINARY;
  }

  /** Whether this library can encrypt into this format (decrypting works for all). */
  public boolean canEncrypt() {
    return this == YAML || this == JSON;
  }

  Store store() {
    switch (this) {
      case YAML:
        return new YamlStore();
      case JSON:
        return new JsonStore();
      case DOTENV:
        return new DotenvStore();
      case INI:
        return new IniStore();
      case BINARY:
        return new BinaryStore();
      default:
        throw new AssertionError(this);
    }
  }
}
