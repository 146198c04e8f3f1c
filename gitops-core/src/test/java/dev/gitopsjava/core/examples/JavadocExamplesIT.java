package dev.gitopsjava.core.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.Destination;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.cluster.UnknownKindException;
import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.health.ApplicationHealth;
import dev.gitopsjava.core.health.ConditionHealthCheck;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.health.HealthStatus;
import dev.gitopsjava.core.health.ManagedResource;
import dev.gitopsjava.core.model.DesiredState;
import dev.gitopsjava.core.model.LiveState;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.core.spi.HealthCheck;
import dev.gitopsjava.core.sync.PlanOptions;
import dev.gitopsjava.core.sync.PlanRequest;
import dev.gitopsjava.core.sync.ResourceScope;
import dev.gitopsjava.core.sync.SyncExecutor;
import dev.gitopsjava.core.sync.SyncPlan;
import dev.gitopsjava.core.sync.SyncPlanner;
import dev.gitopsjava.core.sync.SyncRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
import org.junit.jupiter.api.Order;
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
// The GitOps example runs last, since the mock server stalls on writes once a watch was closed.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
  @Order(Integer.MAX_VALUE)
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

  // HealthCheck's Javadoc example: the widget check decides by status.ready.
  @Test
  void healthCheck() {
    HealthCheck widgets = widgetCheck();
    Manifest ready = widget("ready-widget", true);
    Manifest pending = widget("pending-widget", false);

    assertTrue(widgets.appliesTo(ready.key()));
    assertFalse(widgets.appliesTo(ResourceKey.of("example.com/v1", "Gadget", "shop", "g")));
    assertEquals(HealthStatus.healthy(), widgets.assess(ready));
    assertEquals(HealthStatus.progressing("waiting for the widget"), widgets.assess(pending));
    assertEquals(HealthStatus.progressing("waiting for the widget"), widgets.assess(Manifest.parse("""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: no-status, namespace: shop}
        """)), "a widget without status.ready is not ready");
  }

  private static HealthCheck widgetCheck() {
    // HealthCheck's Javadoc:
    HealthCheck widgets = new HealthCheck() {
      public boolean appliesTo(ResourceKey key) { return key.groupKind().equals("example.com/Widget"); }
      public HealthStatus assess(Manifest live) {
        return live.tree().path("status").path("ready").asBoolean(false)
            ? HealthStatus.healthy() : HealthStatus.progressing("waiting for the widget");
      }
    };
    return widgets;
  }

  private static Manifest widget(String name, boolean ready) {
    return Manifest.parse("""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: %s, namespace: shop}
        status: {ready: %s}
        """.formatted(name, ready));
  }

  // HealthAssessor's Javadoc example (widgetCheck is the check of HealthCheck's example).
  @Test
  void healthAssessor() {
    HealthCheck widgetCheck = widgetCheck();
    Manifest liveDeployment = Manifest.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop, generation: 2}
        spec: {replicas: 2}
        status: {observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 2}
        """);
    Manifest pendingWidget = widget("pending-widget", false);
    Manifest serviceLoaded = Manifest.parse("""
        apiVersion: example.com/v1
        kind: ServiceLoadedWidget
        metadata: {name: found, namespace: shop}
        """);
    List<ManagedResource> resources = List.of(ManagedResource.live(liveDeployment),
        ManagedResource.live(widget("ready-widget", true)), ManagedResource.live(pendingWidget));
    // HealthAssessor's Javadoc:
    HealthAssessor health = HealthAssessor.builder()
        .loadServices()                 // HealthChecks listed in META-INF/services
        .register(widgetCheck)          // and checks the embedder adds
        .build();
    Optional<HealthStatus> status = health.assess(liveDeployment);
    ApplicationHealth app = health.assessApplication(resources);

    assertEquals(Optional.of(HealthStatus.healthy()), status);
    assertEquals(HealthCode.PROGRESSING, app.status(), "the worst resource's health wins");
    assertEquals(List.of(pendingWidget.key()), app.causes());
    assertEquals(Optional.of(HealthStatus.healthy("found by ServiceLoader")), health.assess(serviceLoaded),
        "loadServices() adds the check listed in the test's META-INF/services");
  }

  // ConditionHealthCheck's Javadoc example: cert-manager Certificates judged by their conditions.
  @Test
  void conditionHealthCheck() {
    // ConditionHealthCheck's Javadoc:
    HealthCheck certificates = ConditionHealthCheck.forKind("cert-manager.io", "Certificate")
        .when("Ready", "True", HealthCode.HEALTHY)
        .when("Issuing", "False", "Failed", HealthCode.DEGRADED)
        .otherwise(HealthCode.PROGRESSING, "Waiting for the certificate to be issued")
        .build();
    HealthAssessor health = HealthAssessor.builder().register(certificates).build();

    assertEquals(Optional.of(new HealthStatus(HealthCode.HEALTHY, "Certificate is up to date")),
        health.assess(certificate("{type: Ready, status: 'True', message: Certificate is up to date}")));
    assertEquals(Optional.of(new HealthStatus(HealthCode.DEGRADED, "ACME order failed")),
        health.assess(certificate("{type: Ready, status: 'False'}, "
            + "{type: Issuing, status: 'False', reason: Failed, message: ACME order failed}")));
    assertEquals(Optional.of(HealthStatus.progressing("Waiting for the certificate to be issued")),
        health.assess(certificate("{type: Issuing, status: 'False', reason: Pending}")),
        "the reason must match too");
  }

  private static Manifest certificate(String conditions) {
    return Manifest.parse("""
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: shop-tls, namespace: shop}
        status: {conditions: [%s]}
        """.formatted(conditions));
  }

  // PlanOptions' Javadoc example.
  @Test
  void planOptions() {
    // PlanOptions' Javadoc:
    PlanOptions options = PlanOptions.builder()
        .destinationNamespace("shop")
        .createNamespace(true)
        .prune(true)
        .build();

    assertEquals(new PlanOptions(true, false, true, false, "shop"), options, "unset options keep their defaults");
  }

  private static Manifest configMap(String name) {
    return configMap(name, "EUR");
  }

  private static Manifest configMap(String name, String currency) {
    return Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s}
        data: {currency: %s}
        """.formatted(name, currency));
  }

  private static Manifest deployment(String name) {
    return Manifest.parse("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s}
        spec: {replicas: 1}
        """.formatted(name));
  }

  private static List<String> planned(SyncPlan plan, SyncAction action) {
    return plan.tasks(action).stream().map(t -> t.key().kind() + " " + t.key().namespace() + "/" + t.key().name())
        .toList();
  }

  // SyncPlanner's Javadoc example: create, unchanged and prune in the destination namespace.
  @Test
  void syncPlanner() {
    TrackingMark tracking = TrackingMark.of("shop");
    DesiredState desired = DesiredState.of("c0ffee", List.of(deployment("web"), configMap("settings")));
    LiveState live = LiveState.of(List.of(
        tracking.applyTo(configMap("settings").withNamespace("shop")),
        tracking.applyTo(configMap("old-settings").withNamespace("shop")),
        configMap("not-ours").withNamespace("shop")));
    Map<ResourceKey, Boolean> verdicts = Map.of(ResourceKey.of("v1", "ConfigMap", "shop", "settings"), false);
    // SyncPlanner's Javadoc:
    SyncPlan plan = SyncPlanner.plan(PlanRequest.builder(desired, live)
        .modified(key -> verdicts.get(key))
        .owned(tracking::owns)
        .options(PlanOptions.builder().destinationNamespace("shop").createNamespace(true).prune(true).build())
        .build());
    System.out.print(plan.render());

    assertEquals(List.of("Namespace /shop", "Deployment shop/web"), planned(plan, SyncAction.CREATE));
    assertEquals(List.of("ConfigMap shop/settings"), planned(plan, SyncAction.UNCHANGED));
    assertEquals(List.of("ConfigMap shop/old-settings"), planned(plan, SyncAction.PRUNE),
        "only an owned object that is no longer desired is pruned");
    assertTrue(plan.render().startsWith("Plan: 2 to create, 0 to update, 1 to prune, 1 unchanged\n"), plan.render());
  }

  // PlanRequest's Javadoc example: diff verdicts, ownership and scopes from the cluster.
  @Test
  void planRequest() {
    ClusterClient cluster = ClusterClient.fabric8(mock.client());
    TrackingMark tracking = TrackingMark.of("shop");
    Manifest widget = Manifest.parse("""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: knob}
        """);
    DesiredState desired = DesiredState.of("c0ffee", List.of(deployment("web"), configMap("settings"), widget));
    Manifest liveWeb = tracking.applyTo(deployment("web").withNamespace("shop"));
    LiveState live = LiveState.of(List.of(liveWeb,
        tracking.applyTo(configMap("settings", "USD").withNamespace("shop"))));
    Differ differ = Differ.standard();
    Map<ResourceKey, DiffResult> diffs = new HashMap<>();
    for (Manifest m : desired.all()) {
      Manifest placed = m.withNamespace("shop");
      diffs.put(placed.key(), differ.diff(placed, live.get(placed.key())));
    }
    PlanOptions options = PlanOptions.builder().destinationNamespace("shop").build();
    // PlanRequest's Javadoc:
    PlanRequest request = PlanRequest.builder(desired, live)
        .modified(key -> diffs.get(key).modified())      // the diff's verdict per resource
        .owned(liveObject -> tracking.owns(liveObject))  // carries this application's mark
        .options(options)
        .scope(key -> {                                  // from the cluster's API discovery
          try {
            return cluster.resourceType(key).namespaced() ? ResourceScope.NAMESPACED : ResourceScope.CLUSTER;
          } catch (UnknownKindException e) {
            return ResourceScope.UNKNOWN;                // e.g. a custom resource whose CRD is not installed yet
          }
        })
        .build();
    SyncPlan plan = SyncPlanner.plan(request);

    assertThrows(UnknownKindException.class, () -> cluster.resourceType(widget.key()), "no Widget CRD in the cluster");
    assertEquals(List.of("Widget shop/knob"), planned(plan, SyncAction.CREATE),
        "a kind the cluster does not serve gets the destination namespace, as Argo CD does");
    assertEquals(List.of("ConfigMap shop/settings"), planned(plan, SyncAction.UPDATE));
    assertEquals(List.of("Deployment shop/web"), planned(plan, SyncAction.UNCHANGED));
  }

  // SyncRequest's Javadoc example, run by a SyncExecutor against the in-process API server.
  @Test
  void syncRequest() {
    TrackingMark mark = TrackingMark.of("payment-api");
    mock.client().configMaps().inNamespace("payments").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
        .withNewMetadata().withName("payment-old").withNamespace("payments")
        .addToLabels(TrackingMark.LABEL, mark.labelValue())
        .addToAnnotations(TrackingMark.ANNOTATION, mark.trackingId(ResourceKey.of("v1", "ConfigMap", "payments", "payment-old")))
        .endMetadata().build()).create();
    SyncExecutor executor = SyncExecutor.builder(ClusterClient.fabric8(mock.client())).build();
    DesiredState desired = DesiredState.of("c0ffee", List.of(configMap("payment-limits")));
    // SyncRequest's Javadoc:
    SyncRequest request = SyncRequest.builder("payment-api", desired)
        .options(PlanOptions.builder().destinationNamespace("payments").createNamespace(true).prune(true).build())
        .build();
    SyncResult result = executor.sync(request);

    assertTrue(result.succeeded(), result.toString());
    assertNotNull(mock.client().namespaces().withName("payments").get(), "CreateNamespace");
    var settings = mock.client().configMaps().inNamespace("payments").withName("payment-limits").get();
    assertEquals(Map.of("currency", "EUR"), settings.getData());
    assertEquals(mark.labelValue(), settings.getMetadata().getLabels().get(TrackingMark.LABEL));
    assertNull(mock.client().configMaps().inNamespace("payments").withName("payment-old").get(), "pruned");
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
