package dev.gitopsjava.secrets;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Supplies key material (public or private) to sealers and openers: files, environment variables,
 * material fetched from a cluster (see the format packages, e.g.
 * {@code dev.gitopsjava.secrets.sealed.SealedSecrets#controllerCertificate}), KMS plugins later.
 *
 * <p>Reading is lazy: nothing is read until {@link #keys()} is called, and each call reads again,
 * so a rotated file or Secret is picked up.
 */
public interface KeySource {

  /** What this source reads, for error messages (a path, a variable name); never material. */
  String description();

  /**
   * Reads the material, newest first.
   *
   * @throws KeyMaterialException if the source cannot be read (missing file, unset variable); the
   *     message names the source
   */
  List<KeyMaterial> keys();

  /** Each file is one piece of material, in the order given (put the newest first). */
  static KeySource file(Path... files) {
    return new FileKeySource(List.of(files));
  }

  /** The value of one environment variable. */
  static KeySource environment(String variable) {
    return new EnvironmentKeySource(variable, System::getenv);
  }

  /** Fixed material, e.g. from an embedder's own secret store. */
  static KeySource of(String description, KeyMaterial... material) {
    Objects.requireNonNull(description, "description");
    List<KeyMaterial> list = List.of(material);
    return new KeySource() {
      @Override
      public String description() {
        return description;
      }

      @Override
      public List<KeyMaterial> keys() {
        return list;
      }

      @Override
      public String toString() {
        return description;
      }
    };
  }

  /** The material of several sources, in order (the first source's keys first). */
  static KeySource concat(KeySource... sources) {
    return new ConcatKeySource(Arrays.asList(sources.clone()));
  }
}
