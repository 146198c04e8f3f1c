package dev.gitopsjava.core;

import dev.gitopsjava.core.diff.IgnoreRule;
import dev.gitopsjava.core.model.InvalidManifestException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.source.SourceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads an Argo CD Application ({@code argoproj.io/v1alpha1}). Every field of Argo CD's schema is
 * either acted on, kept in the document, or — where ignoring it would deploy something other than
 * what the user wrote — rejected by name. A field Argo CD does not know is rejected too: it is most
 * likely a typo that would otherwise change nothing, silently.
 */
final class ApplicationReader {
  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec", "status", "operation");
  private static final Set<String> SPEC = Set.of("project", "source", "sources", "destination", "syncPolicy",
      "ignoreDifferences", "info", "revisionHistoryLimit", "sourceHydrator");
  private static final Set<String> SOURCE = Set.of("repoURL", "targetRevision", "path", "chart", "helm",
      "kustomize", "directory", "plugin", "ref", "name");
  private static final Set<String> DIRECTORY = Set.of("recurse", "include", "exclude", "jsonnet");
  private static final Set<String> KUSTOMIZE_SUPPORTED = Set.of("namePrefix", "nameSuffix", "namespace", "images",
      "commonLabels", "commonAnnotations");
  private static final Set<String> KUSTOMIZE_KNOWN = Set.of("version", "forceCommonLabels", "forceCommonAnnotations",
      "commonAnnotationsEnvsubst", "replicas", "patches", "components", "labelWithoutSelector", "kubeVersion",
      "apiVersions", "ignoreMissingComponents", "labelIncludeTemplates");
  private static final Set<String> DESTINATION = Set.of("server", "name", "namespace");
  private static final Set<String> SYNC_POLICY = Set.of("automated", "syncOptions", "retry", "managedNamespaceMetadata");
  private static final Set<String> AUTOMATED = Set.of("prune", "selfHeal", "allowEmpty", "enabled");
  private static final Set<String> RETRY = Set.of("limit", "backoff", "refresh");
  private static final Set<String> BACKOFF = Set.of("duration", "factor", "maxDuration");
  private static final Set<String> IGNORE = Set.of("group", "kind", "name", "namespace", "jsonPointers",
      "jqPathExpressions", "managedFieldsManagers");

  private final String file;

  private ApplicationReader(String file) {
    this.file = file;
  }

  static Application parse(String yaml, String file) {
    Manifest manifest;
    try {
      manifest = Manifest.parse(yaml, new ManifestOrigin(file, 0));
    } catch (InvalidManifestException e) {
      throw new InvalidApplicationException(file, "", e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
    }
    return new ApplicationReader(file).read(manifest);
  }

  private Application read(Manifest manifest) {
    JsonNode doc = manifest.tree();
    if (!"argoproj.io".equals(manifest.key().group()) || !"Application".equals(manifest.key().kind())) {
      throw fail("kind", "expected an argoproj.io Application, found " + manifest.key().apiVersion() + " "
          + manifest.key().kind());
    }
    if (!"v1alpha1".equals(manifest.key().version())) {
      throw fail("apiVersion", "only argoproj.io/v1alpha1 is supported, found " + manifest.key().apiVersion());
    }
    checkFields(doc, "", TOP);
    JsonNode spec = object(doc, "spec", "spec");
    checkFields(spec, "spec", SPEC);
    if (spec.has("sources")) {
      throw fail("spec.sources", "multiple sources are not supported; use spec.source");
    }
    if (spec.has("sourceHydrator")) {
      throw fail("spec.sourceHydrator", "source hydration is not supported");
    }
    String name = manifest.key().name();
    String namespace = manifest.key().namespace().isEmpty() ? "argocd" : manifest.key().namespace();
    String project = optionalText(spec, "project", "spec.project").orElse("default");
    SourceSpec source = source(object(spec, "source", "spec.source"), "spec.source");
    Destination destination = destination(object(spec, "destination", "spec.destination"), "spec.destination");
    SyncPolicy syncPolicy = spec.has("syncPolicy") ? syncPolicy(object(spec, "syncPolicy", "spec.syncPolicy"), "spec.syncPolicy")
        : SyncPolicy.MANUAL;
    List<IgnoreRule> ignore = ignoreDifferences(spec.get("ignoreDifferences"));
    return new Application(name, namespace, project, source, destination, syncPolicy, ignore, Optional.of(manifest));
  }

  private SourceSpec source(JsonNode source, String at) {
    checkFields(source, at, SOURCE);
    if (source.has("chart") || source.has("helm")) {
      throw fail(at + (source.has("chart") ? ".chart" : ".helm"), "Helm sources are not supported; render the chart"
          + " into the repository or use a Renderer plugin");
    }
    String repoUrl = requiredText(source, "repoURL", at + ".repoURL");
    String revision = optionalText(source, "targetRevision", at + ".targetRevision").orElse("HEAD");
    String path = optionalText(source, "path", at + ".path").orElse("");
    int blocks = (source.has("kustomize") ? 1 : 0) + (source.has("directory") ? 1 : 0) + (source.has("plugin") ? 1 : 0);
    if (blocks > 1) {
      throw fail(at, "only one of directory, kustomize and plugin may be set");
    }
    Optional<String> renderer = Optional.empty();
    Map<String, Object> options = new LinkedHashMap<>();
    if (source.has("directory")) {
      JsonNode dir = object(source, "directory", at + ".directory");
      checkFields(dir, at + ".directory", DIRECTORY);
      if (dir.has("jsonnet") && !dir.get("jsonnet").isEmpty()) {
        throw fail(at + ".directory.jsonnet", "jsonnet is not supported");
      }
      renderer = Optional.of("directory");
      if (dir.has("recurse")) {
        options.put("recurse", bool(dir, "recurse", at + ".directory.recurse"));
      }
      optionalText(dir, "include", at + ".directory.include").ifPresent(v -> options.put("include", v));
      optionalText(dir, "exclude", at + ".directory.exclude").ifPresent(v -> options.put("exclude", v));
    } else if (source.has("kustomize")) {
      JsonNode k = object(source, "kustomize", at + ".kustomize");
      for (Map.Entry<String, JsonNode> e : k.properties()) {
        String field = at + ".kustomize." + e.getKey();
        if (KUSTOMIZE_KNOWN.contains(e.getKey())) {
          throw fail(field, "not supported by this engine (supported: " + String.join(", ", KUSTOMIZE_SUPPORTED) + ")");
        }
        if (!KUSTOMIZE_SUPPORTED.contains(e.getKey())) {
          throw fail(field, "unknown field");
        }
        switch (e.getKey()) {
          case "images" -> options.put("images", stringList(e.getValue(), field));
          case "commonLabels", "commonAnnotations" -> options.put(e.getKey(), stringMap(e.getValue(), field));
          default -> options.put(e.getKey(), text(e.getValue(), field));
        }
      }
      renderer = Optional.of("kustomize");
    } else if (source.has("plugin")) {
      JsonNode plugin = object(source, "plugin", at + ".plugin");
      renderer = Optional.of(requiredText(plugin, "name", at + ".plugin.name"));
      for (Map.Entry<String, JsonNode> e : plugin.properties()) {
        if (!e.getKey().equals("name")) {
          options.put(e.getKey(), e.getValue().toString());
        }
      }
    }
    return new SourceSpec(repoUrl, revision, path, renderer, options);
  }

  private Destination destination(JsonNode dest, String at) {
    checkFields(dest, at, DESTINATION);
    String server = optionalText(dest, "server", at + ".server").orElse("");
    String name = optionalText(dest, "name", at + ".name").orElse("");
    if (server.isEmpty() && name.isEmpty()) {
      throw fail(at, "one of server and name is required");
    }
    if (!server.isEmpty() && !name.isEmpty()) {
      throw fail(at, "server and name are mutually exclusive");
    }
    return new Destination(server, name, optionalText(dest, "namespace", at + ".namespace").orElse(""));
  }

  private SyncPolicy syncPolicy(JsonNode policy, String at) {
    checkFields(policy, at, SYNC_POLICY);
    if (policy.has("managedNamespaceMetadata")) {
      throw fail(at + ".managedNamespaceMetadata", "not supported by this engine");
    }
    boolean automated = false;
    boolean prune = false;
    boolean selfHeal = false;
    boolean allowEmpty = false;
    if (policy.has("automated") && !policy.get("automated").isNull()) {
      JsonNode a = object(policy, "automated", at + ".automated");
      checkFields(a, at + ".automated", AUTOMATED);
      automated = !a.has("enabled") || bool(a, "enabled", at + ".automated.enabled");
      prune = a.has("prune") && bool(a, "prune", at + ".automated.prune");
      selfHeal = a.has("selfHeal") && bool(a, "selfHeal", at + ".automated.selfHeal");
      allowEmpty = a.has("allowEmpty") && bool(a, "allowEmpty", at + ".automated.allowEmpty");
    }
    SyncOptions options = SyncOptions.NONE;
    if (policy.has("syncOptions")) {
      try {
        options = SyncOptions.parse(stringList(policy.get("syncOptions"), at + ".syncOptions"));
      } catch (IllegalArgumentException e) {
        throw fail(at + ".syncOptions", e.getMessage());
      }
    }
    RetryPolicy retry = policy.has("retry") ? retry(object(policy, "retry", at + ".retry"), at + ".retry") : RetryPolicy.NONE;
    return new SyncPolicy(automated, prune, selfHeal, allowEmpty, options, retry);
  }

  private RetryPolicy retry(JsonNode r, String at) {
    checkFields(r, at, RETRY);
    int limit = RetryPolicy.DEFAULT.limit();
    if (r.has("limit")) {
      JsonNode l = r.get("limit");
      if (!l.canConvertToInt() || !l.isIntegralNumber()) {
        throw fail(at + ".limit", "must be an integer, was " + l);
      }
      limit = l.asInt();
    }
    Duration backoff = RetryPolicy.DEFAULT.backoff();
    int factor = RetryPolicy.DEFAULT.factor();
    Duration max = RetryPolicy.DEFAULT.maxBackoff();
    if (r.has("backoff")) {
      JsonNode b = object(r, "backoff", at + ".backoff");
      checkFields(b, at + ".backoff", BACKOFF);
      if (b.has("duration")) {
        backoff = duration(b.get("duration"), at + ".backoff.duration");
      }
      if (b.has("maxDuration")) {
        max = duration(b.get("maxDuration"), at + ".backoff.maxDuration");
      }
      if (b.has("factor")) {
        JsonNode f = b.get("factor");
        if (!f.isIntegralNumber() || f.asInt() < 1) {
          throw fail(at + ".backoff.factor", "must be an integer >= 1, was " + f);
        }
        factor = f.asInt();
      }
    }
    try {
      return new RetryPolicy(limit, backoff, factor, max);
    } catch (IllegalArgumentException e) {
      throw fail(at + ".backoff", e.getMessage());
    }
  }

  private Duration duration(JsonNode node, String at) {
    try {
      return GoDuration.parse(node.isNumber() ? node.asString() : text(node, at));
    } catch (IllegalArgumentException e) {
      throw fail(at, e.getMessage());
    }
  }

  private List<IgnoreRule> ignoreDifferences(JsonNode list) {
    String at = "spec.ignoreDifferences";
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw fail(at, "must be a list");
    }
    List<IgnoreRule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode entry : list) {
      String here = at + "[" + i++ + "]";
      if (!entry.isObject()) {
        throw fail(here, "must be a mapping");
      }
      checkFields(entry, here, IGNORE);
      String kind = requiredText(entry, "kind", here + ".kind");
      rules.add(new IgnoreRule(
          optionalText(entry, "group", here + ".group").orElse(""),
          kind,
          optionalText(entry, "name", here + ".name").orElse(""),
          optionalText(entry, "namespace", here + ".namespace").orElse(""),
          entry.has("jsonPointers") ? stringList(entry.get("jsonPointers"), here + ".jsonPointers") : List.of(),
          entry.has("jqPathExpressions") ? stringList(entry.get("jqPathExpressions"), here + ".jqPathExpressions") : List.of(),
          entry.has("managedFieldsManagers")
              ? stringList(entry.get("managedFieldsManagers"), here + ".managedFieldsManagers") : List.of()));
    }
    return rules;
  }

  private void checkFields(JsonNode node, String at, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!allowed.contains(e.getKey())) {
        throw fail(at.isEmpty() ? e.getKey() : at + "." + e.getKey(), "unknown field");
      }
    }
  }

  private JsonNode object(JsonNode parent, String field, String at) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      throw fail(at, "required");
    }
    if (!n.isObject()) {
      throw fail(at, "must be a mapping, was " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return n;
  }

  private String requiredText(JsonNode parent, String field, String at) {
    return optionalText(parent, field, at).filter(s -> !s.isBlank()).orElseThrow(() -> fail(at, "required"));
  }

  private Optional<String> optionalText(JsonNode parent, String field, String at) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    return Optional.of(text(n, at));
  }

  private String text(JsonNode n, String at) {
    if (n.isString()) {
      return n.asString();
    }
    if (n.isNumber() || n.isBoolean()) {
      return n.asString();
    }
    throw fail(at, "must be a string, was " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
  }

  private boolean bool(JsonNode parent, String field, String at) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw fail(at, "must be true or false, was " + n);
    }
    return n.asBoolean();
  }

  private List<String> stringList(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw fail(at, "must be a list");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode item : n) {
      out.add(text(item, at + "[" + i++ + "]"));
    }
    return out;
  }

  private Map<String, String> stringMap(JsonNode n, String at) {
    if (!n.isObject()) {
      throw fail(at, "must be a mapping");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      out.put(e.getKey(), text(e.getValue(), at + "." + e.getKey()));
    }
    return out;
  }

  private InvalidApplicationException fail(String field, String problem) {
    return new InvalidApplicationException(file, field, problem);
  }
}
