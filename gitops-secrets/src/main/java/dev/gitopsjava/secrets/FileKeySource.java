package dev.gitopsjava.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Reads each file as one piece of key material. */
final class FileKeySource implements KeySource {
  private final List<Path> files;

  FileKeySource(List<Path> files) {
    files.forEach(f -> Objects.requireNonNull(f, "file"));
    if (files.isEmpty()) {
      throw new IllegalArgumentException("at least one key file is needed");
    }
    this.files = List.copyOf(files);
  }

  @Override
  public String description() {
    return files.stream().map(Path::toString).collect(Collectors.joining(", ", "file ", ""));
  }

  @Override
  public List<KeyMaterial> keys() {
    List<KeyMaterial> out = new ArrayList<>(files.size());
    for (Path file : files) {
      try {
        out.add(KeyMaterial.of("file " + file, Files.readAllBytes(file)));
      } catch (IOException e) {
        throw new KeyMaterialException("file " + file, "cannot read key file: " + e.getClass().getSimpleName(), e);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return description();
  }
}
