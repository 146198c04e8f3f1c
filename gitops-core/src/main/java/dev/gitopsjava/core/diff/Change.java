package dev.gitopsjava.core.diff;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One difference between the live object and what it would be after a sync: the operation that
 * turns live into the predicted object at {@code path}. Applied in order, the changes of a
 * {@link DiffResult} form an RFC 6902 JSON Patch from the normalised live object to the predicted
 * one. Secret values are masked.
 *
 * @param path RFC 6901 JSON pointer, e.g. {@code /spec/replicas} or
 *     {@code /spec/template/spec/containers/0/image}
 * @param op what happens at the path
 * @param oldValue the live value; empty for {@link Operation#ADD}
 * @param newValue the predicted value; empty for {@link Operation#REMOVE}
 */
public record Change(String path, Operation op, Optional<JsonNode> oldValue, Optional<JsonNode> newValue) {

  /** The kind of change, named as in JSON Patch. */
  public enum Operation {
    /** A value desired has where live has none. */
    ADD,
    /** A value live has that desired dropped. */
    REMOVE,
    /** A value that differs. */
    REPLACE;

    /** {@code add}, {@code remove} or {@code replace}. */
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks the components. */
  public Change {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(oldValue, "oldValue");
    Objects.requireNonNull(newValue, "newValue");
  }

  /** A value set where live has none. */
  public static Change add(String path, JsonNode newValue) {
    return new Change(path, Operation.ADD, Optional.empty(), Optional.of(newValue));
  }

  /** A live value that goes away. */
  public static Change remove(String path, JsonNode oldValue) {
    return new Change(path, Operation.REMOVE, Optional.of(oldValue), Optional.empty());
  }

  /** A live value that changes. */
  public static Change replace(String path, JsonNode oldValue, JsonNode newValue) {
    return new Change(path, Operation.REPLACE, Optional.of(oldValue), Optional.of(newValue));
  }

  @Override
  public String toString() {
    return op.jsonName() + " " + path;
  }
}
