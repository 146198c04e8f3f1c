package dev.gitopsjava.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.InvalidManifestException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.spi.Renderer;
import dev.gitopsjava.core.spi.SourceTree;
import dev.gitopsjava.core.testing.LocalGitRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesiredStateRendererIT {
  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: payment-api
      spec:
        replicas: 1
        selector: {matchLabels: {app: payment-api}}
        template:
          metadata: {labels: {app: payment-api}}
          spec:
            containers:
            - name: api
              image: registry.example.com/payment-api:1.0.0
      """;

  @TempDir Path temp;
  LocalGitRepository repo;
  GitSource git;

  @BeforeEach
  void setUp() {
    repo = LocalGitRepository.create(temp.resolve("origin"));
    git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build();
  }

  @AfterEach
  void tearDown() {
    git.close();
    repo.close();
  }

  private DesiredStateRenderer renderer() {
    return DesiredStateRenderer.builder().gitSource(git).build();
  }

  @Test
  void directoryReadsMultiDocumentYamlJsonAndLists() {
    repo.write("k8s/all.yaml", """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
        ---
        ---
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: b}
        - apiVersion: v1
          kind: Secret
          metadata: {name: c}
        """)
        .write("k8s/svc.json", "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"}}")
        .write("k8s/README.md", "not a manifest")
        .write("k8s/nested/deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\n");
    String sha = repo.commit("manifests");

    RenderResult flat = renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s"));
    assertEquals(sha, flat.revision().commit());
    assertEquals(sha, flat.desired().commit());
    assertEquals("directory", flat.rendererType());
    assertEquals(List.of("a", "b", "c", "s"), flat.desired().all().stream().map(m -> m.key().name()).toList());
    Manifest b = flat.desired().get(new ResourceKey("", "v1", "ConfigMap", "", "b")).orElseThrow();
    assertEquals("k8s/all.yaml", b.origin().file());
    assertEquals(2, b.origin().documentIndex(), "the empty document still counts");

    RenderResult recursive = renderer().render("app", new SourceSpec(repo.url(), "HEAD", "k8s",
        Optional.of("directory"), Map.of("recurse", true, "exclude", "*.json")));
    assertEquals(List.of("a", "b", "c", "deep"), recursive.desired().all().stream().map(m -> m.key().name()).toList());

    RenderResult included = renderer().render("app", new SourceSpec(repo.url(), "HEAD", "k8s",
        Optional.empty(), Map.of("recurse", "true", "include", "{nested/*.yaml,*.json}")));
    assertEquals(List.of("deep", "s"), included.desired().all().stream().map(m -> m.key().name()).sorted().toList());
  }

  @Test
  void malformedYamlNamesFileAndLine() {
    repo.write("k8s/good.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n")
        .write("k8s/bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n  other: x\n");
    repo.commit("broken");
    InvalidManifestException e = assertThrows(InvalidManifestException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s")));
    assertEquals("k8s/bad.yaml", e.file());
    assertTrue(e.line() >= 4, "line " + e.line() + " in " + e.getMessage());
    assertTrue(e.getMessage().startsWith("k8s/bad.yaml:"), e.getMessage());
  }

  @Test
  void missingRequiredFieldNamesFileAndDocument() {
    repo.write("k8s/cms.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {x: y}}\n");
    repo.commit("nameless");
    InvalidManifestException e = assertThrows(InvalidManifestException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s")));
    assertEquals(1, e.documentIndex());
    assertTrue(e.getMessage().contains("k8s/cms.yaml") && e.getMessage().contains("metadata.name"), e.getMessage());

    repo.write("k8s/cms.yaml", "kind: ConfigMap\nmetadata: {name: a}\n");
    repo.commit("no apiVersion");
    InvalidManifestException e2 = assertThrows(InvalidManifestException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s")));
    assertTrue(e2.getMessage().contains("apiVersion"), e2.getMessage());
  }

  @Test
  void duplicateResourceNamesBothFiles() {
    repo.write("k8s/one.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same}\n")
        .write("k8s/two.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: same}\n");
    repo.commit("dupes");
    InvalidManifestException e = assertThrows(InvalidManifestException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s")));
    assertTrue(e.getMessage().contains("k8s/one.yaml") && e.getMessage().contains("k8s/two.yaml"), e.getMessage());
  }

  @Test
  void missingPathIsATypedError() {
    repo.write("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    repo.commit("a");
    PathNotFoundException e = assertThrows(PathNotFoundException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s/overlays/nope")));
    assertTrue(e.getMessage().contains("k8s/overlays/nope"), e.getMessage());
  }

  @Test
  void kustomizeOverlayPatchesTheBase() {
    repo.write("k8s/base/deployment.yaml", DEPLOYMENT)
        .write("k8s/base/service.yaml", """
            apiVersion: v1
            kind: Service
            metadata: {name: payment-api}
            spec:
              selector: {app: payment-api}
              ports: [{port: 80, targetPort: 8080}]
            """)
        .write("k8s/base/kustomization.yaml", "resources: [deployment.yaml, service.yaml]\n")
        .write("k8s/overlays/production/kustomization.yaml", """
            resources: [../../base]
            namespace: payments
            patches:
            - target: {kind: Deployment, name: payment-api}
              patch: |-
                - op: replace
                  path: /spec/replicas
                  value: 3
            """);
    repo.commit("kustomize");
    RenderResult r = renderer().render("payment-api", SourceSpec.of(repo.url(), "HEAD", "k8s/overlays/production"));
    assertEquals("kustomize", r.rendererType());
    Manifest deployment = r.desired().get(new ResourceKey("apps", "v1", "Deployment", "payments", "payment-api")).orElseThrow();
    assertEquals(3, deployment.tree().path("spec").path("replicas").asInt());
    assertTrue(r.desired().get(new ResourceKey("", "v1", "Service", "payments", "payment-api")).isPresent());

    RenderResult withImage = renderer().render("payment-api", new SourceSpec(repo.url(), "HEAD",
        "k8s/overlays/production", Optional.empty(),
        Map.of("images", List.of("registry.example.com/payment-api:1.1.0"), "namePrefix", "prod-")));
    Manifest d2 = withImage.desired().get(new ResourceKey("apps", "v1", "Deployment", "payments", "prod-payment-api")).orElseThrow();
    assertEquals("registry.example.com/payment-api:1.1.0",
        d2.tree().at("/spec/template/spec/containers/0/image").asString());
  }

  @Test
  void kustomizeErrorNamesThePath() {
    repo.write("k8s/overlay/kustomization.yaml", "resources: [../missing-base]\n");
    repo.commit("broken overlay");
    RenderException e = assertThrows(RenderException.class,
        () -> renderer().render("app", SourceSpec.of(repo.url(), "HEAD", "k8s/overlay")));
    assertTrue(e.getMessage().contains("kustomize build k8s/overlay failed"), e.getMessage());
  }

  @Test
  void kustomizeWithoutToolsIsAClearError() {
    repo.write("k8s/overlay/kustomization.yaml", "resources: []\n");
    repo.commit("overlay");
    RendererRegistry registry = RendererRegistry.builtIn()
        .register(new KustomizeRenderer(name -> Optional.empty(), java.time.Duration.ofSeconds(5)));
    DesiredStateRenderer r = DesiredStateRenderer.builder().gitSource(git).renderers(registry).build();
    RenderException e = assertThrows(RenderException.class,
        () -> r.render("app", SourceSpec.of(repo.url(), "HEAD", "k8s/overlay")));
    assertTrue(e.getMessage().contains("'kustomize' or 'kubectl'"), e.getMessage());
  }

  @Test
  void theSameCommitIsRenderedOnce() {
    AtomicInteger renders = new AtomicInteger();
    Renderer counting = new Renderer() {
      @Override
      public String type() {
        return "counting";
      }

      @Override
      public int priority() {
        return 1_000;
      }

      @Override
      public boolean appliesTo(SourceTree tree, String path) {
        return true;
      }

      @Override
      public List<Manifest> render(SourceTree tree, String path, Map<String, Object> options, RenderContext ctx) {
        renders.incrementAndGet();
        return RendererRegistry.builtIn().byType("directory").orElseThrow().render(tree, path, options, ctx);
      }
    };
    repo.write("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    repo.commit("a");
    DesiredStateRenderer r = DesiredStateRenderer.builder().gitSource(git)
        .renderers(RendererRegistry.builtIn().register(counting)).build();
    SourceSpec spec = SourceSpec.of(repo.url(), "HEAD", "k8s");
    for (int i = 0; i < 5; i++) {
      assertEquals(1, r.render("app", spec).desired().size());
    }
    assertEquals(1, renders.get(), "five reconciles of one commit render once");
    assertEquals(4, r.cacheHits());

    r.render("app", SourceSpec.of(repo.url(), "HEAD", "./k8s/"));
    assertEquals(1, renders.get(), "the same path written differently is the same cache entry");

    repo.write("k8s/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
    repo.commit("b");
    assertEquals(2, r.render("app", spec).desired().size());
    assertEquals(2, renders.get(), "a new commit renders again");
  }

  @Test
  void manifestFiltersRunAfterRenderingAndTheirErrorsStopTheRender() {
    repo.write("k8s/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    repo.commit("a");
    DesiredStateRenderer r = DesiredStateRenderer.builder().gitSource(git)
        .filter(new dev.gitopsjava.core.spi.ManifestFilter() {
          @Override
          public String name() {
            return "labeller";
          }

          @Override
          public List<Manifest> filter(List<Manifest> manifests, RenderContext context) {
            return manifests.stream().map(m -> m.withLabel("app.kubernetes.io/instance", context.application())).toList();
          }
        }).build();
    Manifest a = r.render("payment-api", SourceSpec.of(repo.url(), "HEAD", "k8s")).desired().all().iterator().next();
    assertEquals(Optional.of("payment-api"), a.label("app.kubernetes.io/instance"));
  }
}
