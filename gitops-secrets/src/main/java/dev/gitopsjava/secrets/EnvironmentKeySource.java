package dev.gitopsjava.secrets;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Reads one environment variable's value as key material. */
final class EnvironmentKeySource implements KeySource {
  private final String variable;
  private final Function<String, @Nullable String> environment;

  EnvironmentKeySource(String variable, Function<String, @Nullable String> environment) {
    this.variable = Objects.requireNonNull(variable, "variable");
    this.environment = Objects.requireNonNull(environment, "environment");
  }

  @Override
  public String description() {
    return "environment variable " + variable;
  }

  @Override
  public List<KeyMaterial> keys() {
    String value = environment.apply(variable);
    if (value == null || value.isBlank()) {
      throw new KeyMaterialException(description(), "not set");
    }
    return List.of(KeyMaterial.ofText(description(), value));
  }

  @Override
  public String toString() {
    return description();
  }
}
