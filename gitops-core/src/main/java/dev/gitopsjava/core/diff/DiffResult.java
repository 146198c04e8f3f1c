package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The verdict of one resource's diff.
 *
 * <p>{@link #predictedLive()} and {@link #normalizedLive()} are the two normalised documents that
 * were compared (server-set fields removed, scheme defaults filled in, ignored fields removed);
 * {@link #changes()} turns the second into the first. They are for showing and asserting, and
 * Secret values in them are masked. {@link #mergedObject()} is what a client-side apply should
 * write: desired merged onto live by the three-way rules, unmasked, without ignore rules applied.
 *
 * <p>When the in-sync check finds nothing to change without normalising, both documents are
 * live as read. The trees are shared, not copied: treat them as read-only.
 *
 * @param key the resource
 * @param modified true when a sync would change the live object (or create it)
 * @param changes the changes, in JSON Patch order; empty when not modified
 * @param mergedObject the object to write: live with desired merged in ({@code status},
 *     {@code managedFields} removed, {@code resourceVersion} kept for an optimistic update, the
 *     last-applied annotation set to desired); desired (with that annotation) when live is
 *     absent; live itself when nothing would change; desired as is in server-side mode, where
 *     server-side apply sends desired
 * @param predictedLive what live would look like after the sync, normalised and masked
 * @param normalizedLive live normalised and masked; empty when the object does not exist
 */
public record DiffResult(ResourceKey key, boolean modified, List<Change> changes, Manifest mergedObject,
    JsonNode predictedLive, Optional<JsonNode> normalizedLive) {

  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .build();

  /** Checks the components. */
  public DiffResult {
    Objects.requireNonNull(key, "key");
    changes = List.copyOf(changes);
    Objects.requireNonNull(mergedObject, "mergedObject");
    Objects.requireNonNull(predictedLive, "predictedLive");
    Objects.requireNonNull(normalizedLive, "normalizedLive");
  }

  /** True when the live object does not exist and a sync would create it. */
  public boolean creation() {
    return normalizedLive.isEmpty();
  }

  /**
   * The difference as {@code kubectl diff} shows it: a unified diff of the normalised live and
   * predicted documents as YAML, secrets masked; {@code ""} when not modified.
   */
  public String unifiedDiff() {
    if (!modified) {
      return "";
    }
    String name = key.toString().replace(' ', '/');
    String before = normalizedLive.map(YAML::writeValueAsString).orElse("");
    String after = YAML.writeValueAsString(predictedLive);
    return UnifiedDiff.of("live/" + name, stripDocumentStart(before), "desired/" + name, stripDocumentStart(after));
  }

  private static String stripDocumentStart(String yaml) {
    return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
  }

  @Override
  public String toString() {
    return key + (modified ? " modified (" + changes.size() + " changes)" : " in sync");
  }
}
