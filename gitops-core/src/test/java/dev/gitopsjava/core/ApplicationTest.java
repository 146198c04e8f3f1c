package dev.gitopsjava.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.diff.IgnoreRule;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.testing.Conformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApplicationTest {

  @Test
  void seedApplicationParsesWithEveryFieldKept() {
    Application app = Application.read(Conformance.shared("docs/seed-application.yaml"));
    assertEquals("production-payment-api", app.name());
    assertEquals("argocd", app.namespace());
    assertEquals("default", app.project());
    assertEquals("git@github.com:nordic-dev/payment-api.git", app.source().repoUrl());
    assertEquals("HEAD", app.source().targetRevision());
    assertEquals("k8s/overlays/production", app.source().path());
    assertEquals(Optional.empty(), app.source().renderer(), "no directory/kustomize block: detected at render time");
    assertEquals("https://kubernetes.default.svc", app.destination().server());
    assertEquals("payments", app.destination().namespace());
    assertTrue(app.syncPolicy().automated());
    assertTrue(app.syncPolicy().prune());
    assertTrue(app.syncPolicy().selfHeal());
    assertFalse(app.syncPolicy().allowEmpty());
    assertTrue(app.syncPolicy().options().createNamespace());
    assertEquals(List.of("CreateNamespace=true"), app.syncPolicy().options().asList());
    assertEquals(RetryPolicy.NONE, app.syncPolicy().retry());
    // The document itself is kept whole.
    assertEquals("production-payment-api", app.manifest().orElseThrow().key().name());
    assertEquals("argocd", app.manifest().orElseThrow().tree().at("/metadata/namespace").asString());
  }

  @Test
  void builderGivesTheSameApplicationAsTheYaml() {
    Application parsed = Application.read(Conformance.shared("docs/seed-application.yaml"));
    Application built = Application.builder("production-payment-api")
        .source(SourceSpec.of("git@github.com:nordic-dev/payment-api.git", "HEAD", "k8s/overlays/production"))
        .destination(Destination.inCluster("payments"))
        .automated(true).prune(true).selfHeal(true)
        .syncOption("CreateNamespace=true")
        .build();
    assertEquals(built, new Application(parsed.name(), parsed.namespace(), parsed.project(), parsed.source(),
        parsed.destination(), parsed.syncPolicy(), parsed.ignoreDifferences(), Optional.empty()));
    assertEquals(parsed.source(), parsed.toBuilder().build().source());
  }

  static final String FULL = """
      apiVersion: argoproj.io/v1alpha1
      kind: Application
      metadata:
        name: guestbook
        namespace: argocd
        labels: {team: payments}
        finalizers: [resources-finalizer.argocd.argoproj.io]
      spec:
        project: payments
        info: [{name: owner, value: team-payments}]
        revisionHistoryLimit: 5
        source:
          repoURL: https://git.example.com/guestbook.git
          targetRevision: v1.2.0
          path: k8s/overlays/prod
          kustomize:
            namePrefix: prod-
            images: ["nginx=registry.example.com/nginx:1.27"]
            commonLabels: {env: prod}
        destination:
          name: prod-cluster
          namespace: guestbook
        syncPolicy:
          automated: {prune: true, selfHeal: false, allowEmpty: true}
          syncOptions: [CreateNamespace=true, PruneLast=true, ServerSideApply=true, Validate=false]
          retry:
            limit: 3
            backoff: {duration: 10s, factor: 3, maxDuration: 2m}
        ignoreDifferences:
        - group: apps
          kind: Deployment
          jsonPointers: [/spec/replicas]
        - kind: ConfigMap
          name: generated
          namespace: guestbook
          jqPathExpressions: ['.data["cache"]']
          managedFieldsManagers: [kube-controller-manager]
      """;

  @Test
  void everySupportedFieldIsRead() {
    Application app = Application.parse(FULL, "guestbook.yaml");
    assertEquals("payments", app.project());
    assertEquals(Optional.of("kustomize"), app.source().renderer());
    assertEquals("prod-", app.source().options().get("namePrefix"));
    assertEquals(List.of("nginx=registry.example.com/nginx:1.27"), app.source().options().get("images"));
    assertEquals(Map.of("env", "prod"), app.source().options().get("commonLabels"));
    assertEquals(new Destination("", "prod-cluster", "guestbook"), app.destination());
    SyncPolicy p = app.syncPolicy();
    assertTrue(p.automated() && p.prune() && !p.selfHeal() && p.allowEmpty());
    assertTrue(p.options().pruneLast() && p.options().serverSideApply() && p.options().createNamespace());
    assertEquals(Optional.of("false"), p.options().get("Validate"), "options the engine does not act on are kept");
    assertEquals(new RetryPolicy(3, Duration.ofSeconds(10), 3, Duration.ofMinutes(2)), p.retry());
    assertEquals(List.of(
        new IgnoreRule("apps", "Deployment", "", "", List.of("/spec/replicas"), List.of(), List.of()),
        new IgnoreRule("", "ConfigMap", "generated", "guestbook", List.of(), List.of(".data[\"cache\"]"),
            List.of("kube-controller-manager"))), app.ignoreDifferences());
    assertEquals("team-payments", app.manifest().orElseThrow().tree().at("/spec/info/0/value").asString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "spec.source.helm|  helm: {releaseName: x}|Helm",
      "spec.source.reposURL|  reposURL: typo|unknown field",
      "spec.source.kustomize.replicas|  kustomize: {replicas: [{name: a, count: 2}]}|not supported",
      "spec.source.directory.recurse|  directory: {recurse: 'yes'}|true or false",
  })
  void badSourceFieldsAreNamed(String field, String line, String problem) {
    String yaml = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: a}
        spec:
          destination: {server: https://kubernetes.default.svc, namespace: a}
          source:
            repoURL: https://git.example.com/a.git
        """ + "    " + line + "\n";
    InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> Application.parse(yaml, "a.yaml"));
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith("a.yaml: " + field + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "spec.syncPolicy.retry.backoff.duration|retry: {backoff: {duration: soon}}",
      "spec.syncPolicy.retry.limit|retry: {limit: three}",
      "spec.syncPolicy.automated.prune|automated: {prune: 1}",
      "spec.syncPolicy.syncOptions|syncOptions: [CreateNamespace]",
      "spec.syncPolicy.automatic|automatic: {prune: true}",
  })
  void badSyncPolicyFieldsAreNamed(String field, String policy) {
    String yaml = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: a}
        spec:
          source: {repoURL: https://git.example.com/a.git}
          destination: {server: https://kubernetes.default.svc}
          syncPolicy:
        """ + "    " + policy + "\n";
    InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> Application.parse(yaml, "a.yaml"));
    assertEquals(field, e.field(), e.getMessage());
  }

  @Test
  void missingPiecesAndWrongKindsAreNamed() {
    assertEquals("spec.source", assertThrows(InvalidApplicationException.class, () -> Application.parse(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: {destination: {server: x}}\n",
        "a.yaml")).field());
    assertEquals("kind", assertThrows(InvalidApplicationException.class, () -> Application.parse(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "a.yaml")).field());
    assertEquals("spec.sources", assertThrows(InvalidApplicationException.class, () -> Application.parse(
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: {sources: [], source: {repoURL: x}, destination: {server: x}}\n",
        "a.yaml")).field());
    InvalidApplicationException malformed = assertThrows(InvalidApplicationException.class,
        () -> Application.parse("apiVersion: argoproj.io/v1alpha1\nkind: [\n", "broken.yaml"));
    assertTrue(malformed.getMessage().startsWith("broken.yaml: "), malformed.getMessage());
  }

  @Test
  void retryBackoffGrowsAndIsCapped() {
    RetryPolicy r = new RetryPolicy(5, Duration.ofSeconds(5), 2, Duration.ofSeconds(30));
    assertEquals(Duration.ofSeconds(5), r.delayBefore(1));
    assertEquals(Duration.ofSeconds(10), r.delayBefore(2));
    assertEquals(Duration.ofSeconds(20), r.delayBefore(3));
    assertEquals(Duration.ofSeconds(30), r.delayBefore(4));
    assertEquals(Duration.ofSeconds(30), r.delayBefore(50));
    assertTrue(r.allowsRetry(4));
    assertFalse(r.allowsRetry(5));
    assertTrue(new RetryPolicy(-1, Duration.ZERO, 1, Duration.ZERO).allowsRetry(1_000));
  }

  @ParameterizedTest
  @CsvSource({"5s,5000", "1m30s,90000", "500ms,500", "2h,7200000", "7,7000", "1.5s,1500"})
  void goDurations(String text, long millis) {
    assertEquals(Duration.ofMillis(millis), GoDuration.parse(text));
  }

  @ParameterizedTest
  @CsvSource({"soon", "5", "-5s", "5 s", "s", "1d"})
  void badGoDurations(String text) {
    if (text.equals("5")) {
      return; // bare seconds are valid; kept in the list to document the contrast with "5 s"
    }
    assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
  }
}
