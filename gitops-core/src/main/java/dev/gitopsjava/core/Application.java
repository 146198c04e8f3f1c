package dev.gitopsjava.core;

import dev.gitopsjava.core.diff.IgnoreRule;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.source.SourceSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An application: what to deploy from where to where, and how to keep it in sync. Read as-is from an
 * Argo CD {@code Application} manifest ({@code argoproj.io/v1alpha1}) or built in code:
 *
 * <pre>{@code
 * Application fromYaml = Application.read(Path.of("production-payment-api.yaml"));
 *
 * Application inCode = Application.builder("production-payment-api")
 *     .source(SourceSpec.of("https://git.example.com/payment-api.git", "HEAD", "k8s/overlays/production"))
 *     .destination(Destination.inCluster("payments"))
 *     .automated(true).prune(true).selfHeal(true)
 *     .syncOption("CreateNamespace=true")
 *     .build();
 * }</pre>
 *
 * <p>Nothing in the manifest is lost: the parsed document is kept in {@link #manifest()}, fields
 * this engine does not act on (e.g. {@code spec.info}, {@code spec.revisionHistoryLimit}, unknown
 * sync options) stay there, and fields that would change what is deployed but are not supported
 * (Helm sources, multiple sources) are rejected with a message naming them.
 *
 * @param name the application's name; it marks the resources the engine owns
 * @param namespace the namespace the Application object lives in (Argo CD's control namespace)
 * @param project the Argo CD project
 * @param source where the manifests come from
 * @param destination where they go
 * @param syncPolicy when and how to sync
 * @param ignoreDifferences fields the diff ignores
 * @param manifest the Application document, when parsed from one
 */
public record Application(String name, String namespace, String project, SourceSpec source,
    Destination destination, SyncPolicy syncPolicy, List<IgnoreRule> ignoreDifferences,
    Optional<Manifest> manifest) {

  /** Checks the components. */
  public Application {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(syncPolicy, "syncPolicy");
    ignoreDifferences = List.copyOf(ignoreDifferences);
    Objects.requireNonNull(manifest, "manifest");
    if (name.isBlank()) {
      throw new IllegalArgumentException("application name must not be blank");
    }
  }

  /**
   * Parses an Argo CD Application manifest.
   *
   * @param file names the source in error messages
   * @throws InvalidApplicationException naming the file and field at fault
   */
  public static Application parse(String yaml, String file) {
    return ApplicationReader.parse(yaml, file);
  }

  /** Reads an Argo CD Application manifest from a file. */
  public static Application read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new InvalidApplicationException(file.toString(), "", "cannot read: " + e.getMessage(), e);
    }
  }

  /** A builder for an application of this name. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder starting from this application's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.namespace = namespace;
    b.project = project;
    b.source = source;
    b.destination = destination;
    b.automated = syncPolicy.automated();
    b.prune = syncPolicy.prune();
    b.selfHeal = syncPolicy.selfHeal();
    b.allowEmpty = syncPolicy.allowEmpty();
    b.syncOptions.putAll(syncPolicy.options().options());
    b.retry = syncPolicy.retry();
    b.ignoreDifferences.addAll(ignoreDifferences);
    return b;
  }

  /** Builds an {@link Application} without YAML. */
  public static final class Builder {
    private final String name;
    private String namespace = "argocd";
    private String project = "default";
    private SourceSpec source;
    private Destination destination;
    private boolean automated;
    private boolean prune;
    private boolean selfHeal;
    private boolean allowEmpty;
    private final Map<String, String> syncOptions = new LinkedHashMap<>();
    private RetryPolicy retry = RetryPolicy.NONE;
    private final List<IgnoreRule> ignoreDifferences = new ArrayList<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The namespace of the Application object itself; default {@code argocd}. */
    public Builder namespace(String ns) {
      this.namespace = Objects.requireNonNull(ns, "namespace");
      return this;
    }

    /** The Argo CD project; default {@code default}. */
    public Builder project(String p) {
      this.project = Objects.requireNonNull(p, "project");
      return this;
    }

    /** Where the manifests come from. Required. */
    public Builder source(SourceSpec s) {
      this.source = Objects.requireNonNull(s, "source");
      return this;
    }

    /** Where they go. Required. */
    public Builder destination(Destination d) {
      this.destination = Objects.requireNonNull(d, "destination");
      return this;
    }

    /** Automated sync on or off. */
    public Builder automated(boolean on) {
      this.automated = on;
      return this;
    }

    /** Prune resources that left Git (with automated sync). */
    public Builder prune(boolean on) {
      this.prune = on;
      return this;
    }

    /** Revert changes made in the cluster (with automated sync). */
    public Builder selfHeal(boolean on) {
      this.selfHeal = on;
      return this;
    }

    /** Allow syncing an empty desired state. */
    public Builder allowEmpty(boolean on) {
      this.allowEmpty = on;
      return this;
    }

    /** Adds a sync option written {@code Name=value}, e.g. {@code CreateNamespace=true}. */
    public Builder syncOption(String option) {
      syncOptions.putAll(SyncOptions.parse(List.of(option)).options());
      return this;
    }

    /** The retry policy; default no retries. */
    public Builder retry(RetryPolicy r) {
      this.retry = Objects.requireNonNull(r, "retry");
      return this;
    }

    /** Adds an ignoreDifferences rule. */
    public Builder ignoreDifferences(IgnoreRule rule) {
      ignoreDifferences.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Builds the application. */
    public Application build() {
      if (source == null) {
        throw new IllegalStateException("application " + name + ": source is required");
      }
      if (destination == null) {
        throw new IllegalStateException("application " + name + ": destination is required");
      }
      return new Application(name, namespace, project, source, destination,
          new SyncPolicy(automated, prune, selfHeal, allowEmpty, new SyncOptions(syncOptions), retry),
          ignoreDifferences, Optional.empty());
    }
  }
}
