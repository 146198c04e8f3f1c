package dev.gitopsjava.samples;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.GitOpsEvent;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.diff.DiffResult;
import dev.gitopsjava.core.diff.Differ;
import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.source.DesiredStateRenderer;
import dev.gitopsjava.core.source.GitSource;
import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.source.SourceSpec;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealedSecretsController;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The payment-api scenario end to end, on the public API only: a team's Git repository with a
 * kustomize base and production overlay, the seed Argo CD Application (automated sync with prune
 * and self-heal, {@code CreateNamespace=true}), and a cluster — fabric8's in-process API server by
 * default, or a real one.
 *
 * <ol>
 *   <li>first sync: namespace created, resources applied in order, health reaching Healthy;
 *   <li>someone scales the Deployment by hand: drift detected, self-heal reverts it;
 *   <li>a commit changes the image: the diff is shown (Secret values masked), then synced;
 *   <li>a file is deleted from Git: the resource is pruned; a resource the app does not own survives;
 *   <li>a broken commit: nothing is written, the status explains why;
 *   <li>a database credential is sealed with the Sealed Secrets format, committed, and unsealed in
 *       the cluster by an embedded sealed-secrets controller.
 * </ol>
 */
public final class PaymentApiScenario {
  static final String NAMESPACE = "payments";
  static final String DEPLOYMENT = "payment-api";
  private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

  private final Path workDir;
  private final PrintStream out;
  private final Optional<KubernetesClient> realCluster;

  private PaymentApiScenario(Path workDir, PrintStream out, Optional<KubernetesClient> realCluster) {
    this.workDir = workDir;
    this.out = out;
    this.realCluster = realCluster;
  }

  /** The scenario on fabric8's in-process API server, with its files under {@code workDir}. */
  public static PaymentApiScenario embedded(Path workDir, PrintStream out) {
    return new PaymentApiScenario(workDir, out, Optional.empty());
  }

  /** The scenario against a real cluster (objects go to namespace {@code payments}). */
  public static PaymentApiScenario onCluster(KubernetesClient client, Path workDir, PrintStream out) {
    return new PaymentApiScenario(workDir, out, Optional.of(client));
  }

  /** Runs the six steps and reports what the cluster showed at each. */
  public ScenarioReport run() throws InterruptedException {
    requireKustomize();
    EmbeddedCluster embedded = realCluster.isPresent() ? null : EmbeddedCluster.start();
    KubernetesClient kube = realCluster.orElseGet(() -> embedded.client());
    SimulatedDeploymentController rollouts = embedded == null ? null
        : new SimulatedDeploymentController(kube, NAMESPACE);
    installSealedSecretDefinition(kube);
    List<GitOpsEvent> events = new CopyOnWriteArrayList<>();
    try (PaymentApiRepository repo = PaymentApiRepository.create(workDir.resolve("payment-api"));
        GitSource git = GitSource.builder().cacheDirectory(workDir.resolve("cache")).build();
        SealedSecretsController sealedSecrets = SealedSecretsController.builder().client(kube)
            .keyNamespace("kube-system").build().start();
        GitOps gitOps = GitOps.builder()
            .cluster(ClusterClient.fabric8(kube))
            .renderer(DesiredStateRenderer.builder().gitSource(git).build())
            .pollInterval(Duration.ofMinutes(3))     // Argo CD's default; commits below also "send a webhook"
            .selfHealDebounce(Duration.ofMillis(250))
            .healthTimeout(Duration.ofSeconds(30))
            .build()) {
      gitOps.addListener(events::add);
      Application app = application(repo.url());
      header(kube, repo, app);
      return steps(kube, repo, git, gitOps, app, sealedSecrets, events);
    } finally {
      if (rollouts != null) {
        rollouts.close();
      }
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private ScenarioReport steps(KubernetesClient kube, PaymentApiRepository repo, GitSource git, GitOps gitOps,
      Application app, SealedSecretsController sealedSecrets, List<GitOpsEvent> events) throws InterruptedException {
    // 1. First sync.
    step(1, "First sync of " + app.name());
    gitOps.manage(app);
    ApplicationStatus synced = await("the first sync", () -> gitOps.status(app.name())
        .filter(s -> s.sync() == ApplicationStatus.SyncStatus.SYNCED && s.lastSync().isPresent()));
    boolean namespaceCreated = kube.namespaces().withName(NAMESPACE).get() != null;
    List<String> applied = events.stream().filter(e -> e.type() == GitOpsEvent.Type.RESOURCE_APPLIED)
        .map(e -> e.resource().map(Object::toString).orElse("?")).toList();
    say("namespace " + NAMESPACE + (namespaceCreated ? " created (CreateNamespace=true)" : " MISSING"));
    say("applied in order: " + String.join(", ", applied));
    ApplicationStatus healthy = await("health to reach Healthy", () -> refresh(gitOps, app)
        .filter(s -> s.health() == HealthCode.HEALTHY));
    say("health: " + healthy.health().displayName() + " at commit " + shortSha(synced.revision()));

    // 2. Manual scale, reverted by self-heal.
    step(2, "Someone runs `kubectl scale deployment/payment-api --replicas=1`");
    int desiredReplicas = replicas(kube);
    kube.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT)
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(1).endSpec().build());
    int scaled = 1;
    await("drift to be detected", () -> events.stream().filter(e -> e.type() == GitOpsEvent.Type.DRIFT_DETECTED)
        .findFirst());
    say("drift detected: " + events.stream().filter(e -> e.type() == GitOpsEvent.Type.DRIFT_DETECTED)
        .findFirst().map(GitOpsEvent::message).orElse(""));
    int healed = await("self-heal to revert the scale", () -> Optional.of(replicas(kube))
        .filter(r -> r == desiredReplicas));
    say("self-heal reverted it: replicas " + scaled + " -> " + healed + ", as Git says");

    // 3. A commit changes the image: the pull request shows the diff; merged, it is synced.
    step(3, "A commit changes the image to 1.5.0");
    repo.branch("release-1.5.0").write("k8s/base/deployment.yaml", repo.read("k8s/base/deployment.yaml")
        .replace("payment-api:1.4.2", "payment-api:1.5.0"));
    String imageCommit = repo.commit("payment-api 1.5.0");
    String diff = preview(app, "release-1.5.0", git, ClusterClient.fabric8(kube));
    say("diff of the pull request at " + shortSha(imageCommit) + " against the cluster (nothing written yet):");
    diff.lines().forEach(l -> out.println("      " + l));
    String merged = repo.merge("release-1.5.0");
    refresh(gitOps, app);
    String image = await("the new image to be applied", () -> Optional.of(image(kube))
        .filter(i -> i.endsWith(":1.5.0")));
    say("merged as " + shortSha(merged) + " and synced: image is now " + image);

    // 4. A file leaves Git: pruned; an object the app does not own stays.
    step(4, "The feature-flags ConfigMap is deleted from Git");
    kube.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("oncall-notes").withNamespace(NAMESPACE).endMetadata()
        .addToData("owner", "created by hand by the on-call engineer").build()).create();
    repo.delete("k8s/base/feature-flags.yaml")
        .write("k8s/base/kustomization.yaml", PaymentApiRepository.baseKustomization(false));
    String pruneCommit = repo.commit("drop the feature flags");
    refresh(gitOps, app);
    boolean pruned = await("the ConfigMap to be pruned", () -> Optional.of(
        kube.configMaps().inNamespace(NAMESPACE).withName("payment-api-feature-flags").get() == null)
        .filter(gone -> gone));
    boolean unownedKept = kube.configMaps().inNamespace(NAMESPACE).withName("oncall-notes").get() != null;
    say("pruned ConfigMap payment-api-feature-flags (commit " + shortSha(pruneCommit) + ")");
    say("ConfigMap oncall-notes, not owned by the application, " + (unownedKept ? "left alone" : "DELETED"));

    // 5. A broken commit writes nothing.
    step(5, "A broken commit (malformed YAML in the overlay)");
    Map<String, String> before = snapshot(kube);
    String goodOverlay = repo.read(PaymentApiRepository.OVERLAY + "/kustomization.yaml");
    repo.write(PaymentApiRepository.OVERLAY + "/kustomization.yaml", goodOverlay + "patches: [ {target: \n");
    String brokenCommit = repo.commit("oops: half-edited overlay");
    ApplicationStatus broken = await("the status to report the broken commit", () -> refresh(gitOps, app)
        .filter(s -> s.condition(ApplicationStatus.Condition.COMPARISON_ERROR).isPresent()));
    boolean unchanged = before.equals(snapshot(kube));
    String reason = broken.condition(ApplicationStatus.Condition.COMPARISON_ERROR).map(ApplicationStatus.Condition::message)
        .orElse("");
    say("commit " + shortSha(brokenCommit) + " not synced; status " + broken.sync() + ": " + reason);
    say(unchanged ? "the cluster is unchanged: no object was written, nothing was pruned" : "the cluster CHANGED");
    repo.write(PaymentApiRepository.OVERLAY + "/kustomization.yaml", goodOverlay);
    String fixed = repo.commit("fix the overlay");
    await("the fix to sync", () -> refresh(gitOps, app).filter(s -> s.revision().equals(fixed)
        && s.sync() == ApplicationStatus.SyncStatus.SYNCED));
    say("fixed in " + shortSha(fixed) + ": back in sync");

    // 6. A sealed secret: committed safely, unsealed in the cluster.
    step(6, "The database credential, sealed for the cluster and committed");
    String password = "correct-horse-battery-staple";
    Manifest secret = Manifest.parse("""
        apiVersion: v1
        kind: Secret
        metadata: {name: payment-db-credentials, namespace: payments}
        type: Opaque
        stringData: {username: payments, password: "%s"}
        """.formatted(password));
    Manifest sealed = SealedSecrets.seal(secret).certificate(sealedSecrets.certificate()).call();
    String sealedYaml = SealedSecrets.toYaml(sealed);
    boolean noPlaintext = !sealedYaml.contains(password)
        && !sealedYaml.contains(Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
    repo.write(PaymentApiRepository.OVERLAY + "/db-credentials-sealed.yaml", sealedYaml)
        .write(PaymentApiRepository.OVERLAY + "/kustomization.yaml",
            goodOverlay.replace("- ../../base\n", "- ../../base\n- db-credentials-sealed.yaml\n"));
    String sealedCommit = repo.commit("payment-api: database credential (sealed)");
    say("sealed with the controller's certificate (RSA-OAEP + AES-256-GCM, strict scope); the file in Git "
        + (noPlaintext ? "holds no plaintext" : "LEAKS the plaintext"));
    refresh(gitOps, app);
    String unsealed = await("the controller to unseal the Secret", () -> Optional.ofNullable(
        kube.secrets().inNamespace(NAMESPACE).withName("payment-db-credentials").get())
        .map(s -> s.getData() == null ? null : s.getData().get("password"))
        .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)));
    boolean secretOk = unsealed.equals(password);
    say("commit " + shortSha(sealedCommit) + " synced; Secret payments/payment-db-credentials "
        + (secretOk ? "unsealed in the cluster (password ++++++++, matches)" : "has the WRONG password"));
    ApplicationStatus end = await("the final state", () -> refresh(gitOps, app)
        .filter(s -> s.sync() == ApplicationStatus.SyncStatus.SYNCED && s.health() == HealthCode.HEALTHY));
    out.println();
    out.println("Done: " + app.name() + " is " + end.sync() + " and " + end.health().displayName() + " at "
        + shortSha(end.revision()) + "; " + end.history().size() + " revisions synced.");
    return new ScenarioReport(namespaceCreated, applied, healthy.health().displayName(), scaled, healed, diff, image,
        pruned, unownedKept, unchanged, reason, noPlaintext, secretOk);
  }

  /** The overlay is built by the real kustomize; say so before anything starts, not after a timeout. */
  private static void requireKustomize() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        for (String tool : new String[] {"kustomize", "kubectl"}) {
          if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
            return;
          }
        }
      }
    }
    throw new ScenarioFailedException("the payment-api overlay is rendered with kustomize: put 'kubectl' (1.21+)"
        + " or 'kustomize' on PATH");
  }

  private static Application application(String repoUrl) {
    try (InputStream in = PaymentApiScenario.class.getResourceAsStream("production-payment-api.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("REPO_URL", repoUrl);
      return Application.parse(yaml, "production-payment-api.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void header(KubernetesClient kube, PaymentApiRepository repo, Application app) {
    out.println("gitops-java: the payment-api scenario");
    out.println("  cluster     " + (realCluster.isPresent() ? kube.getMasterUrl()
        : kube.getMasterUrl() + " (fabric8 in-process API server; a simulated controller rolls Deployments out)"));
    out.println("  repository  " + repo.url() + " (" + PaymentApiRepository.OVERLAY + " over k8s/base, kustomize)");
    out.println("  application " + app.name() + " -> namespace " + app.destination().namespace()
        + " (automated: prune " + app.syncPolicy().prune() + ", selfHeal " + app.syncPolicy().selfHeal() + "; "
        + String.join(", ", app.syncPolicy().options().asList()) + ")");
  }

  /** The SealedSecret kind must be known to the cluster before the engine applies one, as on a real cluster. */
  private static void installSealedSecretDefinition(KubernetesClient kube) {
    if (kube.apiextensions().v1().customResourceDefinitions().withName("sealedsecrets.bitnami.com").get() != null) {
      return;
    }
    kube.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("sealedsecrets.bitnami.com").endMetadata()
        .withNewSpec().withGroup("bitnami.com").withScope("Namespaced")
        .withNewNames().withKind("SealedSecret").withPlural("sealedsecrets").withSingular("sealedsecret")
        .withListKind("SealedSecretList").endNames()
        .addNewVersion().withName("v1alpha1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema().endVersion()
        .endSpec().build()).create();
  }

  /**
   * What syncing {@code revision} would change, as a pull request check shows it: the application
   * rendered at that revision, marked as the engine marks what it applies, compared with the live
   * objects. Secret values are masked by the differ.
   */
  private static String preview(Application app, String revision, GitSource git, ClusterClient cluster) {
    SourceSpec source = app.source();
    SourceSpec atRevision = new SourceSpec(source.repoUrl(), revision, source.path(), source.renderer(), source.options());
    TrackingMark mark = TrackingMark.of(app.name());
    Differ differ = Differ.builder().ignoreRules(app.ignoreDifferences()).build();
    StringBuilder text = new StringBuilder();
    for (Manifest m : DesiredStateRenderer.builder().gitSource(git).build().render(app.name(), atRevision)
        .desired().all()) {
      Manifest desired = mark.applyTo(m);
      DiffResult d = differ.diff(desired, cluster.get(desired.key()));
      if (d.modified()) {
        text.append(d.unifiedDiff());
      }
    }
    return text.toString();
  }

  private static Optional<ApplicationStatus> refresh(GitOps gitOps, Application app) {
    try {
      return Optional.of(gitOps.refresh(app.name()).get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> snapshot(KubernetesClient kube) {
    Map<String, String> versions = new TreeMap<>();
    List<HasMetadata> all = new ArrayList<>();
    all.addAll(kube.configMaps().inNamespace(NAMESPACE).list().getItems());
    all.addAll(kube.services().inNamespace(NAMESPACE).list().getItems());
    all.addAll(kube.secrets().inNamespace(NAMESPACE).list().getItems());
    all.addAll(kube.apps().deployments().inNamespace(NAMESPACE).list().getItems());
    for (HasMetadata m : all) {
      versions.put(m.getKind() + "/" + m.getMetadata().getName(), m.getMetadata().getResourceVersion());
    }
    return versions;
  }

  private static int replicas(KubernetesClient kube) {
    Deployment d = kube.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
    return d == null || d.getSpec().getReplicas() == null ? 0 : d.getSpec().getReplicas();
  }

  private static String image(KubernetesClient kube) {
    Deployment d = kube.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
    return d == null ? "" : d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  /** Polls until {@code probe} yields a value; a sample may poll, the engine itself never does. */
  private static <T> T await(String what, Supplier<Optional<T>> probe) throws InterruptedException {
    long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new ScenarioFailedException("timed out after " + STEP_TIMEOUT.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private void step(int n, String title) {
    out.println();
    out.println(n + ". " + title);
  }

  private void say(String line) {
    out.println("   - " + line);
  }

  private static String shortSha(String sha) {
    return sha.length() > 7 ? sha.substring(0, 7) : sha;
  }
}
