package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DiffCommandTest {
  private static final String DESIRED = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        replicas: 3
        template:
          spec:
            containers:
            - name: app
              image: shop/web:2.0
              resources:
                limits: {cpu: "1", memory: 1Gi}
      """;
  private static final String LIVE_IN_SYNC = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
        uid: 1234
        resourceVersion: "77"
        generation: 4
      spec:
        replicas: 3
        progressDeadlineSeconds: 600
        template:
          spec:
            containers:
            - name: app
              image: shop/web:2.0
              imagePullPolicy: IfNotPresent
              resources:
                limits: {cpu: 1000m, memory: 1024Mi}
            dnsPolicy: ClusterFirst
      status:
        readyReplicas: 3
      """;

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  private String file(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  @Test
  void exitsZeroAndPrintsNothingWhenInSync() throws IOException {
    int code = run("diff", "--desired", file("d.yaml", DESIRED), "--live", file("l.yaml", LIVE_IN_SYNC));
    assertEquals(GitOpsCommand.OK, code, err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void exitsOneAndPrintsUnifiedDiffWhenModified() throws IOException {
    String live = LIVE_IN_SYNC.replace("replicas: 3\n", "replicas: 5\n");
    int code = run("diff", "--desired", file("d.yaml", DESIRED), "--live", file("l.yaml", live));
    assertEquals(GitOpsCommand.DIFFERENT, code, err.toString());
    assertTrue(out.toString().contains("-  replicas: 5"), out.toString());
    assertTrue(out.toString().contains("+  replicas: 3"), out.toString());
    assertTrue(out.toString().startsWith("--- live/apps/Deployment/shop/web"), out.toString());
  }

  @Test
  void jsonOutputListsChangesWithPathOpOldAndNew() throws IOException {
    String live = LIVE_IN_SYNC.replace("replicas: 3\n", "replicas: 5\n");
    int code = run("diff", "--desired", file("d.yaml", DESIRED), "--live", file("l.yaml", live), "--output", "json");
    assertEquals(GitOpsCommand.DIFFERENT, code, err.toString());
    JsonNode json = JsonMapper.builder().build().readTree(out.toString());
    assertTrue(json.get("modified").asBoolean());
    assertEquals(1, json.get("changes").size(), json.toString());
    JsonNode change = json.get("changes").get(0);
    assertEquals("/spec/replicas", change.get("path").asString());
    assertEquals("replace", change.get("op").asString());
    assertEquals(5, change.get("old").asInt());
    assertEquals(3, change.get("new").asInt());
  }

  @Test
  void jsonOutputInSyncHasNoChanges() throws IOException {
    int code = run("diff", "--desired", file("d.yaml", DESIRED), "--live", file("l.yaml", LIVE_IN_SYNC),
        "--output", "json");
    assertEquals(GitOpsCommand.OK, code);
    assertEquals("{\"modified\":false,\"changes\":[]}", out.toString().trim());
  }

  @Test
  void ignoreDifferencesFileSilencesTheIgnoredField() throws IOException {
    String live = LIVE_IN_SYNC.replace("replicas: 3\n", "replicas: 5\n");
    String rules = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec:
          ignoreDifferences:
          - group: apps
            kind: Deployment
            jqPathExpressions: [".spec.replicas"]
        """;
    int code = run("diff", "--desired", file("d.yaml", DESIRED), "--live", file("l.yaml", live),
        "--ignore-differences", file("app.yaml", rules));
    assertEquals(GitOpsCommand.OK, code, out + " " + err);
  }

  @Test
  void lastAppliedFileMakesADroppedFieldARemoval() throws IOException {
    String live = LIVE_IN_SYNC.replace("  uid: 1234\n", "  uid: 1234\n  labels: {team: a}\n");
    String lastApplied = DESIRED.replace("  namespace: shop\n", "  namespace: shop\n  labels: {team: a}\n");
    String d = file("d.yaml", DESIRED);
    String l = file("l.yaml", live);
    assertEquals(GitOpsCommand.OK, run("diff", "--desired", d, "--live", l), out.toString());
    assertEquals(GitOpsCommand.DIFFERENT, run("diff", "--desired", d, "--live", l, "--last-applied",
        file("a.yaml", lastApplied), "--output", "json"));
    assertTrue(out.toString().contains("\"op\":\"remove\""), out.toString());
  }

  @Test
  void missingLiveIsACreation() throws IOException {
    assertEquals(GitOpsCommand.DIFFERENT, run("diff", "--desired", file("d.yaml", DESIRED)));
  }

  @Test
  void secretValuesAreMaskedInJsonAndText() throws IOException {
    String desired = "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ndata: {password: c2VjcmV0LW5ldw==}\n";
    String live = "apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: shop}\ndata: {password: c2VjcmV0LW9sZA==}\n";
    String d = file("d.yaml", desired);
    String l = file("l.yaml", live);
    assertEquals(GitOpsCommand.DIFFERENT, run("diff", "--desired", d, "--live", l, "--output", "json"));
    assertEquals(GitOpsCommand.DIFFERENT, run("diff", "--desired", d, "--live", l));
    String all = out.toString();
    assertFalse(all.contains("c2VjcmV0"), all);
    assertTrue(all.contains("\"old\":\"++++++++++++\""), all);
    assertTrue(all.contains("\"new\":\"++++++++\""), all);
  }

  @Test
  void malformedInputExitsTwoNamingTheFile() throws IOException {
    String bad = file("bad.yaml", "kind: [unclosed\n");
    assertEquals(GitOpsCommand.BAD_INPUT, run("diff", "--desired", bad, "--live", file("l.yaml", LIVE_IN_SYNC)));
    assertTrue(err.toString().contains("bad.yaml"), err.toString());
  }

  @Test
  void missingFileAndMissingDesiredExitTwo() throws IOException {
    assertEquals(GitOpsCommand.BAD_INPUT, run("diff", "--desired", dir.resolve("nope.yaml").toString()));
    assertTrue(err.toString().contains("nope.yaml"), err.toString());
    assertEquals(GitOpsCommand.BAD_INPUT, run("diff", "--live", file("l.yaml", LIVE_IN_SYNC)));
    assertEquals(GitOpsCommand.BAD_INPUT, run("diff", "--desired", file("d.yaml", DESIRED), "--output", "xml"));
  }

  @Test
  void unsupportedJqExpressionExitsTwoNamingIt() throws IOException {
    String rules = "- kind: Deployment\n  group: apps\n  jqPathExpressions: ['.spec | to_entries']\n";
    assertEquals(GitOpsCommand.BAD_INPUT, run("diff", "--desired", file("d.yaml", DESIRED), "--live",
        file("l.yaml", LIVE_IN_SYNC), "--ignore-differences", file("rules.yaml", rules)));
    assertTrue(err.toString().contains(".spec | to_entries"), err.toString());
  }
}
