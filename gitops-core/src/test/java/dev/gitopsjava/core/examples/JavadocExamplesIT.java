package dev.gitopsjava.core.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.Destination;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.source.RenderResult;
import dev.gitopsjava.core.source.Revision;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.core.spi.SourceTree;
import dev.gitopsjava.core.sync.SyncAction;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javadoc examples of gitops-core's entry points, compiled and run from outside the engine's
 * packages (public API only), against a local Git repository and fabric8's in-process API server.
 * Each example is copied as written; only a literal that would reach the network or the file system
 * outside the test (a repository URL, a cache path, a file name) points at a fixture instead.
 * {@code new KubernetesClientBuilder().build()} is run as written: the {@code kubeconfig} system
 * property points fabric8's auto-configuration at the mock server. {@link dev.gitopsjava.core.diff.Differ}'s
 * example runs in {@code DifferTest}.
 */
// By name: the GitOps example runs last, since the mock server stalls on writes once a watch was closed.
@TestMethodOrder(MethodOrderer.MethodName.class)
class JavadocExamplesIT {
  private static final Logger audit = LoggerFactory.getLogger("audit");
  static MockCluster mock;
  @TempDir static Path shared;
  @TempDir Path temp;
  static String previousKubeconfig;

  @BeforeAll
  static void start() throws Exception {
    mock = MockCluster.start();
    Path kubeconfig = shared.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: '%s'}}]
        users: [{name: tester, user: {token: not-checked}}]
        contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: default}}]
        current-context: mock
        """.formatted(mock.server().url("/")));
    previousKubeconfig = System.setProperty("kubeconfig", kubeconfig.toString());
  }

  @AfterAll
  static void stop() {
    if (previousKubeconfig == null) {
      System.clearProperty("kubeconfig");
    } else {
      System.setProperty("kubeconfig", previousKubeconfig);
    }
    mock.close();
  }

  private LocalGitRepository paymentApi() {
    LocalGitRepository repo = LocalGitRepository.create(temp.resolve("payment-api"));
    repo.write("k8s/base/deployment.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: payment-api}
        spec: {replicas: 1, selector: {matchLabels: {app: payment-api}},
          template: {metadata: {labels: {app: payment-api}}, spec: {containers: [{name: api, image: 'payment-api:1'}]}}}
        """);
    repo.write("k8s/overlays/production/settings.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: payment-settings}
        data: {currency: EUR}
        """);
    repo.commit("payment-api");
    return repo;
  }

  @Test
  void gitSource() throws Exception {
    try (LocalGitRepository fixture = paymentApi()) {
      String url = fixture.url();
      Path cache = temp.resolve("cache");
      byte[] seen;
      // GitSource's Javadoc ("https://example.com/payment-api.git" and "/var/cache/gitops" point at fixtures):
      try (GitSource git = GitSource.builder().cacheDirectory(cache).build()) {
        Revision rev = git.resolve(url, "HEAD");
        SourceTree tree = git.tree(rev);
        byte[] deployment = tree.read("k8s/base/deployment.yaml").orElseThrow();
        seen = deployment;
        assertEquals(40, rev.commit().length());
      }
      assertTrue(new String(seen, StandardCharsets.UTF_8).contains("kind: Deployment"));
    }
  }

  @Test
  void desiredStateRenderer() throws Exception {
    try (LocalGitRepository fixture = paymentApi();
         GitSource git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build()) {
      String url = fixture.url();
      // DesiredStateRenderer's Javadoc (the repository URL points at the fixture):
      DesiredStateRenderer renderer = DesiredStateRenderer.builder().gitSource(git).build();
      RenderResult r = renderer.render("payment-api",
          SourceSpec.of(url, "HEAD", "k8s/overlays/production"));
      r.revision().commit();   // the exact commit rendered
      r.desired().all();       // the manifests

      assertEquals(40, r.revision().commit().length());
      assertEquals(List.of("payment-settings"), r.desired().all().stream().map(m -> m.key().name()).toList());
    }
  }

  @Test
  void application() throws Exception {
    Path file = temp.resolve("production-payment-api.yaml");
    Files.copy(Path.of(System.getProperty("gitops.shared.dir", "../../shared"), "docs", "seed-application.yaml"), file);
    // Application's Javadoc (the file name points at the seed Application copied to a temp dir):
    Application fromYaml = Application.read(file);

    Application inCode = Application.builder("production-payment-api")
        .source(SourceSpec.of("https://git.example.com/payment-api.git", "HEAD", "k8s/overlays/production"))
        .destination(Destination.inCluster("payments"))
        .automated(true).prune(true).selfHeal(true)
        .syncOption("CreateNamespace=true")
        .build();

    assertEquals(fromYaml.name(), inCode.name());
    assertEquals(fromYaml.destination(), inCode.destination());
    assertEquals(fromYaml.syncPolicy(), inCode.syncPolicy());
    assertEquals(fromYaml.source().path(), inCode.source().path());
  }

  @Test
  void clusterClient() throws Exception {
    mock.client().apps().deployments().inNamespace("payments").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
        .withNewMetadata().withName("payment-api").withNamespace("payments")
        .addToLabels(TrackingMark.LABEL, "payment-api").endMetadata().build()).create();
    List<Manifest> seen;
    // ClusterClient's Javadoc:
    try (KubernetesClient k8s = new KubernetesClientBuilder().build()) {
      ClusterClient cluster = ClusterClient.fabric8(k8s);
      ResourceType deployments = cluster.resourceType("apps/v1", "Deployment");
      List<Manifest> owned = cluster.list(deployments, "payments", TrackingMark.of("payment-api").selector());
      seen = owned;
    }
    assertEquals(List.of("payment-api"), seen.stream().map(m -> m.key().name()).toList());
  }

  @Test
  void gitOpsAndSyncCommand() throws Exception {
    try (LocalGitRepository fixture = paymentApi()) {
      Path cacheDir = temp.resolve("cache");
      Path appFile = temp.resolve("production-payment-api.yaml");
      Files.writeString(appFile, """
          apiVersion: argoproj.io/v1alpha1
          kind: Application
          metadata: {name: production-payment-api, namespace: argocd}
          spec:
            project: default
            source: {repoURL: '%s', targetRevision: HEAD, path: k8s/overlays/production}
            destination: {server: 'https://kubernetes.default.svc', namespace: payments}
          """.formatted(fixture.url()));
      // GitOps's Javadoc (the Application's file name points at the fixture above):
      try (GitSource git = GitSource.builder().cacheDirectory(cacheDir).build();
           KubernetesClient k8s = new KubernetesClientBuilder().build();
           GitOps gitOps = GitOps.builder()
               .cluster(ClusterClient.fabric8(k8s))
               .renderer(DesiredStateRenderer.builder().gitSource(git).build())
               .pollInterval(Duration.ofMinutes(3))
               .build()) {
        gitOps.addListener(event -> audit.info("{}", event));
        Application app = Application.read(appFile);
        SyncResult preview = gitOps.sync(app).dryRun(true).call();   // what would change
        gitOps.manage(app);                                          // keep it in sync from now on
        gitOps.refresh(app.name());                                  // e.g. from a Git webhook
        gitOps.status(app.name()).ifPresent(s -> System.out.println(s.sync() + " " + s.health()));

        assertEquals(List.of("payment-settings"),
            preview.plan().tasks(SyncAction.CREATE).stream().map(t -> t.key().name()).toList());
        assertTrue(preview.dryRun());
        assertEquals(ApplicationStatus.SyncStatus.OUT_OF_SYNC, gitOps.refresh(app.name()).join().sync(),
            "not automated: managing compares but does not sync");

        SyncResult synced = syncCommandExample(gitOps, app);
        assertTrue(synced.succeeded(), synced.toString());
        assertNotNull(k8s.configMaps().inNamespace("payments").withName("payment-settings").get());
        assertEquals(ApplicationStatus.SyncStatus.SYNCED, gitOps.refresh(app.name()).join().sync());
        assertFalse(gitOps.unmanage("someone-else"));
      }
    }
  }

  private static SyncResult syncCommandExample(GitOps gitOps, Application app) {
    // SyncCommand's Javadoc:
    SyncResult preview = gitOps.sync(app).dryRun(true).call();
    System.out.print(preview.plan().render());
    SyncResult done = gitOps.sync(app).prune(true).call();

    assertTrue(preview.plan().render().startsWith("Plan: 1 to create"), preview.plan().render());
    return done;
  }
}
