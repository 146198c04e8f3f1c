package dev.gitopsjava.core.diff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@link Differ} implementation: normalise, merge, default, mask, compare. */
final class ThreeWayDiffer implements Differ {
  static final String LAST_APPLIED = ResourceNormalizer.LAST_APPLIED;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final KubernetesSchema schemas;
  private final List<CompiledIgnoreRule> ignoreRules;
  private final List<Normalizer> normalizers;
  private final Set<String> hiddenAnnotations;
  private final ResourceNormalizer builtIn;
  private final boolean serverSide;
  private final String fieldManager;
  private final boolean ignoreMutationWebhook;
  private final boolean ignoreAggregatedRoles;
  private final boolean inSyncCheck;
  private final boolean singlePass;
  private final LastAppliedCache lastAppliedCache = new LastAppliedCache();
  private final Cache<JsonNode, String> appliedText = Caffeine.newBuilder().weakKeys().maximumSize(16_384).build();
  private final Cache<JsonNode, JsonNode> keptLastApplied =
      Caffeine.newBuilder().weakKeys().weakValues().maximumSize(16_384).build();

  ThreeWayDiffer(KubernetesSchema schemas, List<CompiledIgnoreRule> ignoreRules, List<Normalizer> normalizers,
      Set<String> hiddenAnnotations, boolean ignoreAggregatedRoles, boolean serverSide, String fieldManager,
      boolean ignoreMutationWebhook, boolean inSyncCheck, boolean singlePass) {
    this.ignoreAggregatedRoles = ignoreAggregatedRoles;
    this.inSyncCheck = inSyncCheck;
    this.singlePass = singlePass;
    this.serverSide = serverSide;
    this.fieldManager = fieldManager;
    this.ignoreMutationWebhook = ignoreMutationWebhook;
    this.schemas = schemas;
    this.ignoreRules = ignoreRules;
    this.normalizers = List.copyOf(normalizers);
    this.hiddenAnnotations = hiddenAnnotations;
    this.builtIn = new ResourceNormalizer(ignoreAggregatedRoles);
  }

  @Override
  public DiffResult diff(Manifest desired, Optional<Manifest> live, Optional<Manifest> lastApplied) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(lastApplied, "lastApplied");
    ResourceKey key = desired.key();
    KubernetesSchema.Kind kind = schemas.kind(key);
    SchemaNode schema = kind.trie();
    boolean known = kind.known();
    Rules rules = rulesFor(key);

    if (live.isEmpty()) {
      ObjectNode predicted = desired.mutableCopy();
      builtIn.normalize(key, predicted, schema, known);
      removeNamespace(predicted);
      rules.apply(key, predicted);
      SchemeDefaults.apply(predicted, schema);
      mask(key, predicted, null);
      return new DiffResult(key, true, List.of(Change.add("", predicted)), toWrite(desired, desired.mutableCopy(), null),
          predicted, Optional.empty());
    }

    JsonNode liveTree = live.get().tree();
    if (serverSide && liveTree.path("metadata").path("managedFields").size() > 0) {
      return serverSideDiff(desired, live.get().mutableCopy(), key, schema, known, rules);
    }
    @Nullable JsonNode last = lastApplied.isPresent() ? lastApplied.get().tree() : lastAppliedOf(liveTree);
    boolean plain = rules.isEmpty() && hiddenAnnotations.isEmpty();
    boolean secret = key.group().isEmpty() && key.kind().equals("Secret");
    boolean walk = singlePass && plain && desired.tree() instanceof ObjectNode && liveTree instanceof ObjectNode
        && SinglePassDiff.handles(key.group(), key.kind(), ignoreAggregatedRoles, liveTree);
    if (inSyncCheck && !walk && rules.isEmpty() && (!secret || foldsNothing(desired.tree()) && foldsNothing(liveTree))
        && InSyncCheck.forKind(known).inSync(desired.tree(), liveTree,
        deletionsPossible(desired.tree(), last, schema, known), schema)) {
      if (plain && !secret) {
        // Nothing would change: live is its own prediction and nothing needs writing.
        return new DiffResult(key, false, List.of(), live.get(), liveTree, Optional.of(liveTree));
      }
      // In sync too, but the documents shown must be masked: the full path builds them if asked.
      Manifest liveManifest = live.get();
      return new DiffResult(key, false, List.of(),
          () -> fullDiff(desired, liveManifest, last, key, schema, known, rules).documents());
    }
    if (walk) {
      // One walk gives the verdict and the changes, in sync or not.
      // Last-applied matters only where desired dropped something (remembered per pair).
      @Nullable JsonNode deletions = deletionsPossible(desired.tree(), last, schema, known);
      List<Change> changes = SinglePassDiff.changes((ObjectNode) desired.tree(), (ObjectNode) liveTree,
          deletions instanceof ObjectNode lo ? lo : null, schema, known);
      Manifest liveManifest = live.get();
      // The documents are the full path's, built only if asked for (the executor writes the merged one).
      return new DiffResult(key, !changes.isEmpty(), changes,
          () -> fullDiff(desired, liveManifest, last, key, schema, known, rules).documents());
    }
    return fullDiff(desired, live.get(), last, key, schema, known, rules);
  }

  /** Normalised copies of all three documents, merged, defaulted, masked and compared. */
  private DiffResult fullDiff(Manifest desired, Manifest live, @Nullable JsonNode last, ResourceKey key,
      SchemaNode schema, boolean known, Rules rules) {
    JsonNode liveTree = live.tree();
    ObjectNode d = desired.mutableCopy();
    ObjectNode v = live.mutableCopy();
    @Nullable ObjectNode l = last instanceof ObjectNode lo ? lo.deepCopy() : null;
    if (!rules.managers.isEmpty()) {
      ManagedFieldsNormalizer.normalize(v, d, rules.managers, schema);
    }
    prepare(key, d, v, l, schema, known);
    rules.apply(key, d);
    rules.apply(key, v);
    if (l != null) {
      rules.apply(key, l);
    }

    ObjectNode predicted = v.deepCopy();
    ThreeWayMerge.merge(predicted, l != null ? l : d, d, schema);

    @Nullable JsonNode resourceVersion = liveTree.path("metadata").get("resourceVersion");
    Manifest merged;
    if (rules.isEmpty()) {
      merged = toWrite(desired, predicted, resourceVersion);
    } else {
      // Ignore rules change only what is compared, never what is written.
      ObjectNode wd = desired.mutableCopy();
      ObjectNode wv = live.mutableCopy();
      @Nullable ObjectNode wl = last instanceof ObjectNode lo ? lo.deepCopy() : null;
      prepare(key, wd, wv, wl, schema, known);
      ThreeWayMerge.merge(wv, wl != null ? wl : wd, wd, schema);
      merged = toWrite(desired, wv, resourceVersion);
    }

    SchemeDefaults.apply(predicted, schema);
    SchemeDefaults.apply(v, schema);
    mask(key, predicted, v);
    List<Change> changes = ChangeCollector.collect(v, predicted, schema);
    return new DiffResult(key, !changes.isEmpty(), changes, merged, predicted, Optional.of(v));
  }

  /**
   * The object a client-side apply writes: the merged tree plus live's resourceVersion (for an
   * optimistic update) and the last-applied annotation set to desired, as kubectl does. The
   * tree is borrowed: the additions are taken out again after the copy.
   */
  private Manifest toWrite(Manifest desired, ObjectNode tree, @Nullable JsonNode resourceVersion) {
    ObjectNode metadata = tree.get("metadata") instanceof ObjectNode md ? md : tree.putObject("metadata");
    @Nullable JsonNode before = metadata.get("annotations");
    boolean hadAnnotations = before instanceof ObjectNode;
    ObjectNode annotations = hadAnnotations ? (ObjectNode) before : metadata.putObject("annotations");
    annotations.put(LAST_APPLIED, lastAppliedText(desired));
    if (resourceVersion != null) {
      metadata.set("resourceVersion", resourceVersion);
    }
    Manifest m = desired.withTree(tree);
    annotations.remove(LAST_APPLIED);
    if (before == null) {
      metadata.remove("annotations");
    } else if (!hadAnnotations) {
      metadata.set("annotations", before); // not a map (invalid, but compared as it is)
    }
    metadata.remove("resourceVersion");
    return m;
  }

  /** Desired as JSON for the annotation; remembered per desired tree, which is read-only and reused. */
  private String lastAppliedText(Manifest desired) {
    return appliedText.get(desired.tree(), t -> appliedJson(desired));
  }

  private static String appliedJson(Manifest desired) {
    if (desired.annotation(LAST_APPLIED).isEmpty()) {
      return desired.toJson();
    }
    ObjectNode copy = desired.mutableCopy();
    ((ObjectNode) copy.path("metadata").path("annotations")).remove(LAST_APPLIED);
    return JSON.writeValueAsString(copy);
  }

  @Override
  public DiffResult diffWithDryRun(Manifest desired, Manifest live, Manifest dryRunResult) {
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(dryRunResult, "dryRunResult");
    ResourceKey key = desired.key();
    SchemaNode schema = schemas.forKind(key);
    boolean known = schemas.knows(key);
    Rules rules = rulesFor(key);
    ObjectNode predicted = dryRunResult.mutableCopy();
    ObjectNode v = live.mutableCopy();
    if (ignoreMutationWebhook) {
      ObjectNode owned = JSON.createObjectNode();
      for (ManagedFields.Entry e : ManagedFields.entries(predicted)) {
        if (e.manager().equals(fieldManager)) {
          FieldSets.union(owned, e.fields());
        }
      }
      ServerSideMerge.revertForeignChanges(predicted, v, owned, schema);
    }
    if (!rules.managers.isEmpty()) {
      ManagedFieldsNormalizer.normalize(v, predicted, rules.managers, schema);
    }
    builtIn.normalize(key, predicted, schema, known);
    builtIn.normalize(key, v, schema, known);
    // Argo CD's server-side diff normalises its outputs: ignored fields vanish from both, even
    // where a scheme default would fill them.
    SchemeDefaults.apply(predicted, schema);
    SchemeDefaults.apply(v, schema);
    rules.apply(key, predicted);
    rules.apply(key, v);
    return finish(key, schema, desired, predicted, v, desired.mutableCopy());
  }

  /** Local prediction of a server-side apply from live's managedFields. */
  private DiffResult serverSideDiff(Manifest desired, ObjectNode rawLive, ResourceKey key, SchemaNode schema,
      boolean known, Rules rules) {
    List<ManagedFields.Entry> entries = ManagedFields.entries(rawLive);
    ObjectNode d = desired.mutableCopy();
    ObjectNode v = rawLive.deepCopy();
    if (!rules.managers.isEmpty()) {
      ManagedFieldsNormalizer.normalize(v, d, rules.managers, schema);
    }
    builtIn.normalize(key, d, schema, known);
    builtIn.normalize(key, v, schema, known);
    removeNamespace(d);
    rules.apply(key, d);
    rules.apply(key, v);
    ObjectNode predicted = v.deepCopy();
    ServerSideMerge.apply(predicted, d, entries, fieldManager, schema);
    SchemeDefaults.apply(predicted, schema);
    SchemeDefaults.apply(v, schema);
    return finish(key, schema, desired, predicted, v, desired.mutableCopy());
  }

  /** Masking and comparison shared by the server-side paths; {@code merged} is written as is. */
  private DiffResult finish(ResourceKey key, SchemaNode schema, Manifest desired, ObjectNode predicted, ObjectNode v,
      ObjectNode merged) {
    mask(key, predicted, v);
    List<Change> changes = ChangeCollector.collect(v, predicted, schema);
    return new DiffResult(key, !changes.isEmpty(), changes, desired.withTree(merged), predicted, Optional.of(v));
  }

  /** Argo CD's pre-diff normalisation alone: trusted managers and ignore paths, on both documents. */
  void applyIgnoreRules(ResourceKey key, ObjectNode desired, ObjectNode live) {
    Rules rules = rulesFor(key);
    SchemaNode schema = schemas.forKind(key);
    if (!rules.managers.isEmpty()) {
      ManagedFieldsNormalizer.normalize(live, desired, rules.managers, schema);
    }
    rules.apply(key, desired);
    rules.apply(key, live);
  }

  /** Built-in normalisation of the three inputs plus the three-way path's own preparation. */
  private void prepare(ResourceKey key, ObjectNode d, ObjectNode v, @Nullable ObjectNode l, SchemaNode schema,
      boolean known) {
    builtIn.normalize(key, d, schema, known);
    builtIn.normalize(key, v, schema, known);
    removeNamespace(d);
    if (l != null) {
      builtIn.normalize(key, l, schema, known);
      removeNamespace(l);
    }
    if (key.kind().equals("StatefulSet")) {
      stripVolumeClaimTemplates(v, l != null ? l : d);
    }
  }

  private Rules rulesFor(ResourceKey key) {
    if (ignoreRules.isEmpty() && normalizers.isEmpty()) {
      return Rules.NONE;
    }
    List<FieldRemover> removers = new ArrayList<>();
    Set<String> managers = new LinkedHashSet<>();
    for (CompiledIgnoreRule r : ignoreRules) {
      if (r.matches(key)) {
        removers.addAll(r.removers());
        managers.addAll(r.rule().managedFieldsManagers());
      }
    }
    List<Normalizer> applicable = new ArrayList<>();
    for (Normalizer n : normalizers) {
      if (n.appliesTo(key)) {
        applicable.add(n);
      }
    }
    if (removers.isEmpty() && managers.isEmpty() && applicable.isEmpty()) {
      return Rules.NONE;
    }
    return new Rules(removers, managers, applicable);
  }

  /** The ignore paths, trusted managers and normalisers that apply to one resource. */
  private record Rules(List<FieldRemover> removers, Set<String> managers, List<Normalizer> normalizers) {
    static final Rules NONE = new Rules(List.of(), Set.of(), List.of());

    boolean isEmpty() {
      return this == NONE;
    }

    void apply(ResourceKey key, ObjectNode doc) {
      for (FieldRemover r : removers) {
        r.removeFrom(doc);
      }
      for (Normalizer n : normalizers) {
        n.normalize(key, doc);
      }
    }
  }

  private void mask(ResourceKey key, ObjectNode predicted, @Nullable ObjectNode live) {
    boolean secret = key.group().isEmpty() && key.kind().equals("Secret");
    if (secret || !hiddenAnnotations.isEmpty()) {
      List<ObjectNode> docs = new ArrayList<>(2);
      docs.add(predicted);
      if (live != null) {
        docs.add(live);
      }
      if (secret) {
        SecretMasker.mask(docs, hiddenAnnotations);
      } else {
        SecretMasker.maskAnnotations(docs, hiddenAnnotations);
      }
    }
  }

  /**
   * {@code last}, or null when desired keeps every field of it, so the in-sync check can skip
   * it. Desired trees and parsed last-applied documents are read-only and reused between
   * refreshes, so the answer is remembered per pair (by identity).
   */
  private @Nullable JsonNode deletionsPossible(JsonNode desired, @Nullable JsonNode last, SchemaNode schema,
      boolean known) {
    if (last == null || last == desired) {
      return null;
    }
    if (keptLastApplied.getIfPresent(desired) == last) {
      return null;
    }
    if (InSyncCheck.forKind(known).dropsNothing(last, desired, schema)) {
      keptLastApplied.put(desired, last);
      return null;
    }
    return last;
  }

  /**
   * True when folding a Secret's {@code stringData} into {@code data} leaves it as it is (no
   * stringData; only text data values: folding turns null into "" and other values into their
   * JSON text), so the in-sync check, which does not fold, sees what the full path sees.
   */
  private static boolean foldsNothing(JsonNode secret) {
    JsonNode stringData = secret.get("stringData");
    if (stringData != null && !stringData.isNull()) {
      return false;
    }
    if (secret.get("data") instanceof ObjectNode data) {
      for (JsonNode value : data.values()) {
        if (!value.isString()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Live's last-applied annotation, parsed (shared, read-only); null when absent or unreadable. */
  private @Nullable JsonNode lastAppliedOf(JsonNode live) {
    JsonNode annotation = live.path("metadata").path("annotations").get(LAST_APPLIED);
    if (annotation == null || !annotation.isString() || annotation.stringValue().isBlank()) {
      return null;
    }
    // As Argo CD: an unreadable last-applied falls back to the two-way diff.
    return lastAppliedCache.parse(annotation.stringValue()).orElse(null);
  }

  /** kubectl puts no namespace into what it compares, and live always has one. */
  private static void removeNamespace(ObjectNode doc) {
    if (doc.get("metadata") instanceof ObjectNode md) {
      md.remove("namespace");
    }
  }

  /**
   * The API server defaults fields inside StatefulSet volumeClaimTemplates that a client cannot
   * reproduce, and the list is replaced whole; like Argo CD, keep in live's templates only the
   * fields last-applied's templates have.
   */
  private static void stripVolumeClaimTemplates(ObjectNode live, JsonNode lastApplied) {
    JsonNode lv = live.path("spec").get("volumeClaimTemplates");
    JsonNode av = lastApplied.path("spec").get("volumeClaimTemplates");
    if (!(lv instanceof ArrayNode liveTemplates) || !(av instanceof ArrayNode lastTemplates)) {
      return;
    }
    for (JsonNode t : liveTemplates) {
      String name = t.path("metadata").path("name").asString("");
      JsonNode match = null;
      for (JsonNode a : lastTemplates) {
        if (a.path("metadata").path("name").asString("").equals(name)) {
          match = a;
        }
      }
      if (match != null && t instanceof ObjectNode o) {
        reduceTo(o, match);
      }
    }
  }

  private static void reduceTo(ObjectNode live, JsonNode shape) {
    List<String> drop = new ArrayList<>();
    for (var e : live.properties()) {
      JsonNode s = shape.get(e.getKey());
      if (s == null) {
        drop.add(e.getKey());
      } else if (e.getValue() instanceof ObjectNode child && s.isObject()) {
        reduceTo(child, s);
      }
    }
    live.remove(drop);
  }

}
