package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.age.AgeException;
import dev.gitopsjava.secrets.age.AgeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The age identities {@code sops} would use, found as it finds them: {@code SOPS_AGE_KEY} (keys
 * separated by newlines or spaces), the file named by {@code SOPS_AGE_KEY_FILE}, and the default
 * {@code $XDG_CONFIG_HOME/sops/age/keys.txt} (or {@code ~/.config/sops/age/keys.txt}) if it
 * exists. The environment is a parameter so callers and tests choose it.
 */
public final class SopsAgeIdentities {
  /** The environment variable holding age identities, as SOPS reads it. */
  public static final String SOPS_AGE_KEY = "SOPS_AGE_KEY";
  /** The environment variable naming a file of age identities, as SOPS reads it. */
  public static final String SOPS_AGE_KEY_FILE = "SOPS_AGE_KEY_FILE";

  private SopsAgeIdentities() {}

  /**
   * All identities the environment provides, possibly none.
   *
   * @throws SopsKeyException if a named key file cannot be read or a key is malformed (the message
   *     names the variable or file, never the key)
   */
  public static List<AgeIdentity> fromEnvironment(Map<String, String> env) {
    Objects.requireNonNull(env, "env");
    List<AgeIdentity> out = new ArrayList<>();
    String inline = env.get(SOPS_AGE_KEY);
    if (inline != null && !inline.isBlank()) {
      out.addAll(parse(normalise(inline), SOPS_AGE_KEY));
    }
    String file = env.get(SOPS_AGE_KEY_FILE);
    if (file != null && !file.isBlank()) {
      out.addAll(read(Path.of(file), SOPS_AGE_KEY_FILE + " (" + file + ")"));
    }
    defaultKeyFile(env).filter(Files::isRegularFile)
        .ifPresent(f -> out.addAll(read(f, f.toString())));
    return List.copyOf(out);
  }

  private static Optional<Path> defaultKeyFile(Map<String, String> env) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg, "sops", "age", "keys.txt"));
    }
    String home = env.get("HOME");
    if (home != null && !home.isBlank()) {
      return Optional.of(Path.of(home, ".config", "sops", "age", "keys.txt"));
    }
    return Optional.empty();
  }

  private static List<AgeIdentity> read(Path file, String name) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SopsKeyException("cannot read age identities from " + name + ": "
          + e.getClass().getSimpleName());
    }
    return parse(text, name);
  }

  private static List<AgeIdentity> parse(String text, String name) {
    try {
      return AgeIdentity.parseIdentities(text, name);
    } catch (AgeException e) {
      throw new SopsKeyException("invalid age identity in " + name + ": " + e.getMessage(), e);
    }
  }

  /** SOPS accepts keys separated by spaces as well as lines; comments stay whole lines. */
  private static String normalise(String value) {
    StringBuilder b = new StringBuilder();
    for (String line : value.split("\r?\n")) {
      String t = line.strip();
      if (t.startsWith("#")) {
        continue;
      }
      for (String token : t.split("\\s+")) {
        if (!token.isEmpty()) {
          b.append(token).append('\n');
        }
      }
    }
    return b.toString();
  }
}
