package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.diff.Change;
import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.diff.IgnoreRule;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gitops diff}: the three-way diff of one manifest against a live object, from files.
 *
 * <pre>
 * gitops diff --desired D.yaml --live L.yaml [--last-applied A.yaml] [--ignore-differences F.yaml]
 *             [--output text|json]
 * gitops diff APP.yaml [--kubeconfig PATH] [--output text|json]
 * </pre>
 *
 * The second form renders the application from Git and diffs every resource with the cluster (see
 * {@link ApplicationDiff}). Exit 0 in sync, 1 modified, 2 bad input. Secret values are masked in
 * both outputs.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show how a live object differs from its desired manifest (three-way, as kubectl apply),",
        "or, given APP.yaml, how the cluster differs from the application's manifests in Git.",
        "Exit codes: 0 in sync, 1 modified, 2 bad input."})
final class DiffCommand implements Callable<Integer> {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Output formats. */
  enum Format { text, json }

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "APP.yaml",
      description = "An Argo CD Application manifest: diff every resource it renders with the cluster.")
  Path application;

  @Mixin ClusterOptions cluster;

  @Option(names = "--desired", paramLabel = "FILE", description = "The desired manifest (YAML or JSON, one document).")
  Path desired;

  @Option(names = "--live", paramLabel = "FILE",
      description = "The live object; leave out when it does not exist yet (a creation).")
  Path live;

  @Option(names = "--last-applied", paramLabel = "FILE",
      description = "The last applied configuration; default: live's kubectl.kubernetes.io/last-applied-configuration annotation.")
  Path lastApplied;

  @Option(names = "--ignore-differences", paramLabel = "FILE",
      description = "Ignore rules: an Application, its spec, or a list of ignoreDifferences entries.")
  Path ignoreDifferences;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (unified diff, default) or json.")
  Format output;

  @Override
  public Integer call() {
    if (application != null) {
      if (desired != null || live != null || lastApplied != null || ignoreDifferences != null) {
        throw new GitOpsException("give either APP.yaml or --desired/--live files, not both");
      }
      return diffApplication();
    }
    if (desired == null) {
      throw new GitOpsException("--desired (or an APP.yaml) is required");
    }
    Manifest d = readManifest(desired);
    Optional<Manifest> l = live == null ? Optional.empty() : Optional.of(readManifest(live));
    Optional<Manifest> a = lastApplied == null ? Optional.empty() : Optional.of(readManifest(lastApplied));
    Differ.Builder builder = Differ.builder();
    if (ignoreDifferences != null) {
      builder.ignoreRules(readIgnoreRules(ignoreDifferences));
    }
    DiffResult result = builder.build().diff(d, l, a);
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      out.println(JSON.writeValueAsString(toJson(result)));
    } else {
      out.print(result.unifiedDiff());
    }
    out.flush();
    return result.modified() ? GitOpsCommand.DIFFERENT : GitOpsCommand.OK;
  }

  private int diffApplication() {
    Application app = Application.read(application);
    PrintWriter out = spec.commandLine().getOut();
    Progress progress = Progress.onTerminal(spec.commandLine().getErr());
    ApplicationDiff diff;
    try (Engine engine = new Engine(cluster)) {
      Engine.announceFetch(progress, app);
      diff = ApplicationDiff.of(app, engine.renderer, engine.cluster);
    }
    if (output == Format.json) {
      ObjectNode root = JSON.createObjectNode();
      root.put("commit", diff.commit());
      root.put("modified", diff.modified());
      ArrayNode resources = root.putArray("resources");
      for (DiffResult r : diff.resources()) {
        ObjectNode o = toJson(r);
        o.put("resource", r.key().toString());
        o.put("creation", r.creation());
        resources.add(o);
      }
      ArrayNode prunable = root.putArray("prunable");
      diff.prunable().forEach(k -> prunable.add(k.toString()));
      out.println(JSON.writeValueAsString(root));
    } else {
      out.println("# commit: " + diff.commit());
      for (DiffResult r : diff.resources()) {
        out.print(r.unifiedDiff());
      }
      for (ResourceKey k : diff.prunable()) {
        out.println("prunable " + k + " (in the cluster with this application's mark, no longer in Git)");
      }
    }
    out.flush();
    return diff.modified() ? GitOpsCommand.DIFFERENT : GitOpsCommand.OK;
  }

  /** {@code {"modified": bool, "changes": [{"path", "op", "old", "new"}]}}; absent values are null. */
  static ObjectNode toJson(DiffResult result) {
    ObjectNode root = JSON.createObjectNode();
    root.put("modified", result.modified());
    ArrayNode changes = root.putArray("changes");
    for (Change c : result.changes()) {
      ObjectNode o = changes.addObject();
      o.put("path", c.path());
      o.put("op", c.op().jsonName());
      o.set("old", c.oldValue().orElse(JSON.nullNode()));
      o.set("new", c.newValue().orElse(JSON.nullNode()));
    }
    return root;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new GitOpsException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static Manifest readManifest(Path file) {
    return Manifest.parse(read(file), new ManifestOrigin(file.toString(), 0));
  }

  static List<IgnoreRule> readIgnoreRules(Path file) {
    JsonNode root;
    try {
      root = YAML.readTree(read(file));
    } catch (JacksonException e) {
      throw new GitOpsException(file + ": malformed YAML: " + e.getOriginalMessage(), e);
    }
    JsonNode list = root;
    if (root != null && root.isObject()) {
      list = root.has("spec") ? root.path("spec").path("ignoreDifferences") : root.path("ignoreDifferences");
    }
    if (list == null || !list.isArray()) {
      throw new GitOpsException(file + ": expected a list of ignoreDifferences entries, an Application or its spec");
    }
    List<IgnoreRule> rules = new ArrayList<>();
    int i = 0;
    for (JsonNode r : list) {
      if (!r.isObject() || !r.has("kind")) {
        throw new GitOpsException(file + ": ignoreDifferences[" + i + "]: field kind is required");
      }
      rules.add(new IgnoreRule(r.path("group").asString(""), r.path("kind").asString(), r.path("name").asString(""),
          r.path("namespace").asString(""), strings(r, "jsonPointers", file, i),
          strings(r, "jqPathExpressions", file, i), strings(r, "managedFieldsManagers", file, i)));
      i++;
    }
    return rules;
  }

  private static List<String> strings(JsonNode rule, String field, Path file, int index) {
    JsonNode arr = rule.path(field);
    List<String> out = new ArrayList<>();
    if (arr.isMissingNode() || arr.isNull()) {
      return out;
    }
    if (!arr.isArray()) {
      throw new GitOpsException(file + ": ignoreDifferences[" + index + "]." + field + " must be a list");
    }
    arr.forEach(n -> out.add(n.asString()));
    return out;
  }
}
