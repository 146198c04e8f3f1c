package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.cluster.TrackingMark;
import dev.gitopsjava.core.testing.LocalGitRepository;
import dev.gitopsjava.core.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code gitops sync|status|diff APP.yaml} against fabric8's in-process API server (reached through
 * a kubeconfig file, as a user would) and local Git repositories.
 */
class ClusterCommandsIT {
  private static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data: {mode: blue}
      """;
  private static final String SECRET = """
      apiVersion: v1
      kind: Secret
      metadata: {name: db}
      type: Opaque
      data: {password: %s}
      """.formatted(base64("hunter2-from-git"));

  static MockCluster mock;
  static KubernetesClient k8s;
  @TempDir static Path shared;
  static Path kubeconfig;
  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void startCluster() throws Exception {
    mock = MockCluster.start();
    k8s = mock.client();
    kubeconfig = shared.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters: [{name: mock, cluster: {server: '%s'}}]
        users: [{name: tester, user: {token: not-checked}}]
        contexts: [{name: mock, context: {cluster: mock, user: tester, namespace: default}}]
        current-context: mock
        """.formatted(mock.server().url("/")));
  }

  @AfterAll
  static void stopCluster() {
    mock.close();
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** Runs a command with the test's kubeconfig and clone cache. */
  Run cli(String command, Path app, String... more) {
    String[] args = new String[5 + more.length];
    args[0] = command;
    args[1] = app.toString();
    args[2] = "--kubeconfig=" + kubeconfig;
    args[3] = "--cache-dir";
    args[4] = temp.resolve("cache").toString();
    System.arraycopy(more, 0, args, 5, more.length);
    return run(args);
  }

  Path application(String name, String repoUrl, String namespace) throws Exception {
    Path app = temp.resolve(name + ".yaml");
    Files.writeString(app, """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: %s, namespace: argocd}
        spec:
          project: default
          source: {repoURL: '%s', targetRevision: main, path: k8s}
          destination: {server: https://kubernetes.default.svc, namespace: %s}
          ignoreDifferences:
          - {kind: ConfigMap, name: settings, jsonPointers: [/data/ignored]}
        """.formatted(name, repoUrl, namespace));
    return app;
  }

  @Test
  void syncStatusAndDiffFollowTheApplicationThroughItsLife() throws Exception {
    try (LocalGitRepository repo = LocalGitRepository.create(temp.resolve("repo"))) {
      repo.write("k8s/settings.yaml", CONFIG_MAP).write("k8s/db.yaml", SECRET);
      String first = repo.commit("settings and db");
      Path app = application("life", repo.url(), "life");

      Run before = cli("status", app);
      assertEquals(1, before.exit(), before.out() + before.err());
      assertTrue(before.out().contains("OutOfSync to " + first), before.out());
      assertTrue(before.out().contains("ConfigMap life/settings"), before.out());

      Run creationDiff = cli("diff", app);
      assertEquals(1, creationDiff.exit(), creationDiff.err());
      assertTrue(creationDiff.out().contains("desired/") && creationDiff.out().contains("mode: blue"), creationDiff.out());
      assertFalse(creationDiff.out().contains("hunter2") || creationDiff.out().contains(base64("hunter2-from-git")),
          "secret values are masked: " + creationDiff.out());

      Run plan = cli("sync", app, "--dry-run");
      assertEquals(0, plan.exit(), plan.err());
      assertTrue(plan.out().contains("Plan: 2 to create"), plan.out());
      assertNull(configMap("life", "settings"), "a dry run writes nothing");

      Run sync = cli("sync", app);
      assertEquals(0, sync.exit(), sync.out() + sync.err());
      assertTrue(sync.out().contains("Sync succeeded."), sync.out());
      ConfigMap synced = configMap("life", "settings");
      assertNotNull(synced);
      assertEquals("blue", synced.getData().get("mode"));
      assertTrue(synced.getMetadata().getAnnotations().containsKey(TrackingMark.ANNOTATION));

      Run after = cli("status", app);
      assertEquals(0, after.exit(), after.out() + after.err());
      assertTrue(after.out().contains("Synced to " + first) && after.out().contains("Healthy"), after.out());
      Run inSync = cli("diff", app);
      assertEquals(0, inSync.exit(), "in sync after the sync: " + inSync.out() + inSync.err());

      // A change by hand in the cluster: a difference; an ignored field is not one.
      k8s.configMaps().inNamespace("life").withName("settings")
          .edit(cm -> { cm.getData().put("ignored", "x"); return cm; });
      assertEquals(0, cli("diff", app).exit(), "ignoreDifferences apply");
      k8s.configMaps().inNamespace("life").withName("settings")
          .edit(cm -> { cm.getData().put("mode", "green"); return cm; });
      k8s.secrets().inNamespace("life").withName("db")
          .edit(s -> { s.getData().put("password", base64("typed-by-hand")); return s; });
      Run drift = cli("diff", app);
      assertEquals(1, drift.exit(), drift.err());
      assertTrue(drift.out().contains("-  mode: green") && drift.out().contains("+  mode: blue"), drift.out());
      assertFalse(drift.out().contains(base64("typed-by-hand")) || drift.out().contains(base64("hunter2-from-git")),
          drift.out());
      Run json = cli("diff", app, "--output", "json");
      assertEquals(1, json.exit());
      JsonNode tree = JsonMapper.builder().build().readTree(json.out());
      assertTrue(tree.path("modified").asBoolean());
      assertEquals(first, tree.path("commit").asString());
      assertEquals(2, tree.path("resources").size());
      Run driftStatus = cli("status", app);
      assertEquals(1, driftStatus.exit(), driftStatus.out());
      assertTrue(driftStatus.out().contains("OutOfSync"), driftStatus.out());

      // A file deleted from Git: the diff lists it as prunable; sync --prune deletes it.
      repo.delete("k8s/settings.yaml");
      repo.commit("settings leave Git");
      Run prunable = cli("diff", app);
      assertEquals(1, prunable.exit());
      assertTrue(prunable.out().contains("prunable /v1/ConfigMap life/settings")
          || prunable.out().matches("(?s).*prunable \\S*ConfigMap\\S* life/settings.*"), prunable.out());
      Run pruned = cli("sync", app, "--prune");
      assertEquals(0, pruned.exit(), pruned.out() + pruned.err());
      assertNull(configMap("life", "settings"));
      assertEquals("hunter2-from-git", decoded(k8s.secrets().inNamespace("life").withName("db").get()),
          "the sync put Git's value back");
    }
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheFileOrResource() throws Exception {
    try (LocalGitRepository repo = LocalGitRepository.create(temp.resolve("repo"))) {
      repo.write("k8s/thing.yaml", "apiVersion: example.com/v1\nkind: Gizmo\nmetadata: {name: g}\n");
      repo.commit("a kind this cluster does not serve");
      Path app = application("broken", repo.url(), "broken");
      for (String command : new String[] {"sync", "status", "diff"}) {
        Run r = cli(command, app);
        assertEquals(2, r.exit(), command + ": " + r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), command + ": " + r.err());
        assertTrue(r.err().contains("Gizmo"), command + ": " + r.err());
      }
      assertTrue(k8s.namespaces().list().getItems().stream().noneMatch(n -> n.getMetadata().getName().equals("broken")));

      Path missing = temp.resolve("missing.yaml");
      for (String command : new String[] {"sync", "status", "diff"}) {
        Run r = cli(command, missing);
        assertEquals(2, r.exit(), command);
        assertTrue(r.err().contains("missing.yaml") && r.err().strip().lines().count() == 1, command + ": " + r.err());

        Run noKubeconfig = run(command, app.toString(), "--kubeconfig", temp.resolve("nope").toString());
        assertEquals(2, noKubeconfig.exit(), command);
        assertTrue(noKubeconfig.err().contains("nope") && noKubeconfig.err().contains("kubeconfig"), noKubeconfig.err());
      }
      Path unreachable = application("gone", temp.resolve("no-such-repo").toUri().toString(), "gone");
      Run r = cli("sync", unreachable);
      assertEquals(2, r.exit(), r.out() + r.err());
      assertTrue(r.err().contains("no-such-repo"), r.err());
      assertEquals(2, run("sync").exit(), "APP.yaml is required");
      assertEquals(2, run("diff", app.toString(), "--desired", app.toString()).exit(), "both forms at once");
    }
  }

  @Test
  void syncTimeoutStopsAHealthWaitAndNamesWhatItWaitedFor() throws Exception {
    try (LocalGitRepository repo = LocalGitRepository.create(temp.resolve("repo"))) {
      // No controller runs in the test server, so the Deployment never becomes healthy and the
      // ConfigMap in the next wave waits for it.
      repo.write("k8s/web.yaml", """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web}
          spec:
            replicas: 1
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec: {containers: [{name: web, image: nginx:1.27}]}
          """).write("k8s/after.yaml", """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: after, annotations: {argocd.argoproj.io/sync-wave: "1"}}
          data: {k: v}
          """);
      repo.commit("a deployment, then a config map");
      Path app = application("slow", repo.url(), "slow");

      Run r = cli("sync", app, "--timeout", "2s");
      assertEquals(2, r.exit(), r.out() + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
      assertTrue(r.err().contains("timed out") && r.err().contains("web"), r.err());
      assertNotNull(k8s.apps().deployments().inNamespace("slow").withName("web").get(), "what was written stays");
      assertNull(configMap("slow", "after"), "the later wave did not run");

      for (String bad : new String[] {"0s", "soon", "-5s"}) {
        Run invalid = cli("sync", app, "--timeout", bad);
        assertEquals(2, invalid.exit(), bad);
        assertTrue(invalid.err().contains("--timeout") && invalid.err().strip().lines().count() == 1, invalid.err());
      }
    }
  }

  private static ConfigMap configMap(String namespace, String name) {
    return k8s.configMaps().inNamespace(namespace).withName(name).get();
  }

  private static String decoded(Secret secret) {
    Map<String, String> data = secret.getData();
    return new String(Base64.getDecoder().decode(data.get("password")), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
