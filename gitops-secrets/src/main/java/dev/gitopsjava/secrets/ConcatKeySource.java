package dev.gitopsjava.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** The material of several sources, in order. */
final class ConcatKeySource implements KeySource {
  private final List<KeySource> sources;

  ConcatKeySource(List<KeySource> sources) {
    sources.forEach(s -> Objects.requireNonNull(s, "source"));
    this.sources = List.copyOf(sources);
  }

  @Override
  public String description() {
    return sources.stream().map(KeySource::description).collect(Collectors.joining(" + "));
  }

  @Override
  public List<KeyMaterial> keys() {
    List<KeyMaterial> out = new ArrayList<>();
    for (KeySource source : sources) {
      out.addAll(source.keys());
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return description();
  }
}
