package dev.gitopsjava.core.cluster;

import dev.gitopsjava.core.model.Manifest;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The annotation client-side apply keeps on an object, as {@code kubectl apply} does: the JSON of
 * the configuration last applied from Git. The three-way diff reads it to tell "removed from Git"
 * (delete the field) from "added by someone else" (keep it).
 *
 * <p>The stored configuration is the desired manifest as applied, with the ownership mark and
 * without this annotation itself and without {@code status}.
 */
public final class LastAppliedConfiguration {

  /** kubectl's annotation name, so {@code kubectl apply} and the engine read each other's writes. */
  public static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private LastAppliedConfiguration() {}

  /** A copy of {@code desired} whose annotation records {@code desired} itself. */
  public static Manifest record(Manifest desired) {
    ObjectNode config = desired.mutableCopy();
    config.remove("status");
    JsonNode annotations = config.path("metadata").path("annotations");
    if (annotations instanceof ObjectNode a) {
      a.remove(ANNOTATION);
      if (a.isEmpty()) {
        ((ObjectNode) config.get("metadata")).remove("annotations");
      }
    }
    return desired.withAnnotation(ANNOTATION, JSON.writeValueAsString(config));
  }

  /**
   * The configuration recorded on {@code live}; empty when there is none or it cannot be parsed
   * (then the diff falls back to two-way, as Argo CD does).
   */
  public static Optional<Manifest> read(Manifest live) {
    return live.annotation(ANNOTATION).flatMap(text -> {
      try {
        JsonNode node = JSON.readTree(text);
        return node != null && node.isObject() ? Optional.of(Manifest.of(node, live.origin())) : Optional.empty();
      } catch (JacksonException | dev.gitopsjava.core.GitOpsException e) {
        return Optional.empty();
      }
    });
  }
}
