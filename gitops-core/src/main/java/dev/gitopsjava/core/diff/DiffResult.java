package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The verdict of one resource's diff. Immutable and thread-safe.
 *
 * <p>{@link #predictedLive()} and {@link #normalizedLive()} are the two normalised documents that
 * were compared (server-set fields removed, scheme defaults filled in, ignored fields removed);
 * {@link #changes()} turns the second into the first. They are for showing and asserting, and
 * Secret values in them are masked. {@link #mergedObject()} is what a client-side apply should
 * write: desired merged onto live by the three-way rules, unmasked, without ignore rules applied.
 *
 * <p>The verdict and the changes are computed by the diff itself, in one walk of the documents as
 * they are; the three documents are built on first use (normalised copies, merged), once, so a
 * refresh that only asks whether resources are in sync, or what changed, never copies whole
 * objects. Where the diff can tell without normalising that nothing would change, all three may
 * be live as read. The trees are shared, not copied: treat them as read-only.
 */
public final class DiffResult {
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
      .build();

  private final ResourceKey key;
  private final boolean modified;
  private final List<Change> changes;
  private final boolean creation;
  private volatile @Nullable Documents documents;
  private @Nullable Supplier<Documents> pending; // guarded by this; dropped once built

  /** The three documents of a diff, built together. */
  record Documents(Manifest mergedObject, JsonNode predictedLive, Optional<JsonNode> normalizedLive) {
    Documents {
      Objects.requireNonNull(mergedObject, "mergedObject");
      Objects.requireNonNull(predictedLive, "predictedLive");
      Objects.requireNonNull(normalizedLive, "normalizedLive");
    }
  }

  /**
   * A result with all parts given.
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
  public DiffResult(ResourceKey key, boolean modified, List<Change> changes, Manifest mergedObject,
      JsonNode predictedLive, Optional<JsonNode> normalizedLive) {
    this(key, modified, changes, new Documents(mergedObject, predictedLive, normalizedLive), null);
  }

  /**
   * A result for an existing live object whose documents are built by {@code documents} on
   * first use.
   */
  DiffResult(ResourceKey key, boolean modified, List<Change> changes, Supplier<Documents> documents) {
    this(key, modified, changes, null, Objects.requireNonNull(documents, "documents"));
  }

  private DiffResult(ResourceKey key, boolean modified, List<Change> changes, @Nullable Documents documents,
      @Nullable Supplier<Documents> pending) {
    this.key = Objects.requireNonNull(key, "key");
    this.modified = modified;
    this.changes = List.copyOf(changes);
    this.creation = documents != null && documents.normalizedLive().isEmpty();
    this.documents = documents;
    this.pending = pending;
  }

  /** The resource. */
  public ResourceKey key() {
    return key;
  }

  /** True when a sync would change the live object (or create it). */
  public boolean modified() {
    return modified;
  }

  /** The changes, in JSON Patch order; empty when not modified. */
  public List<Change> changes() {
    return changes;
  }

  /**
   * The object to write: live with desired merged in ({@code status}, {@code managedFields}
   * removed, {@code resourceVersion} kept for an optimistic update, the last-applied annotation
   * set to desired); desired (with that annotation) when live is absent; live itself when
   * nothing would change; desired as is in server-side mode.
   */
  public Manifest mergedObject() {
    return documents().mergedObject();
  }

  /** What live would look like after the sync, normalised and masked. */
  public JsonNode predictedLive() {
    return documents().predictedLive();
  }

  /** Live normalised and masked; empty when the object does not exist. */
  public Optional<JsonNode> normalizedLive() {
    return documents().normalizedLive();
  }

  /** The three documents, built now if they were left for later. */
  Documents documents() {
    Documents d = documents;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      d = documents;
      if (d == null) {
        d = Objects.requireNonNull(pending, "pending").get();
        documents = d;
        pending = null;
      }
      return d;
    }
  }

  /** True when the live object does not exist and a sync would create it. */
  public boolean creation() {
    return creation;
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
    String before = normalizedLive().map(YAML::writeValueAsString).orElse("");
    String after = YAML.writeValueAsString(predictedLive());
    return UnifiedDiff.of("live/" + name, stripDocumentStart(before), "desired/" + name, stripDocumentStart(after));
  }

  private static String stripDocumentStart(String yaml) {
    return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
  }

  /** Equal when every part is equal (the documents are built to compare them). */
  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof DiffResult r && key.equals(r.key) && modified == r.modified
        && changes.equals(r.changes) && documents().equals(r.documents());
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, modified, changes, documents());
  }

  @Override
  public String toString() {
    return key + (modified ? " modified (" + changes.size() + " changes)" : " in sync");
  }
}
