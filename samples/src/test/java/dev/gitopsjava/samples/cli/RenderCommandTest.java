package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.ManifestReader;
import dev.gitopsjava.core.testing.LocalGitRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {
  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void rendersAnApplicationWithTheCommitFirst() throws Exception {
    try (LocalGitRepository repo = LocalGitRepository.create(temp.resolve("repo"))) {
      repo.write("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\n"
          + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
      String sha = repo.commit("two config maps");
      Path app = temp.resolve("app.yaml");
      Files.writeString(app, """
          apiVersion: argoproj.io/v1alpha1
          kind: Application
          metadata: {name: demo}
          spec:
            source: {repoURL: '%s', targetRevision: main, path: k8s}
            destination: {server: https://kubernetes.default.svc, namespace: demo}
          """.formatted(repo.url()));
      Run r = run("render", app.toString(), "--cache-dir", temp.resolve("cache").toString());
      assertEquals(0, r.exit(), r.err());
      assertTrue(r.out().startsWith("# commit: " + sha + "\n"), r.out());
      var manifests = ManifestReader.read(r.out(), "stdout");
      assertEquals(2, manifests.size());
      assertEquals("v", manifests.get(0).tree().at("/data/k").asString());

      Run byFlags = run("render", "--repo", repo.url(), "--revision", sha.substring(0, 8), "--path", "k8s",
          "--cache-dir", temp.resolve("cache").toString());
      assertEquals(0, byFlags.exit(), byFlags.err());
      assertEquals(r.out(), byFlags.out());
    }
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheProblem() throws Exception {
    Path app = temp.resolve("bad.yaml");
    Files.writeString(app, "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: x}\nspec: {destination: {server: y}}\n");
    Run r = run("render", app.toString(), "--cache-dir", temp.resolve("cache").toString());
    assertEquals(2, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("bad.yaml") && r.err().contains("spec.source"), r.err());

    Run unreachable = run("render", "--repo", "https://u:secret@127.0.0.1:1/x.git", "--cache-dir",
        temp.resolve("cache").toString());
    assertEquals(2, unreachable.exit());
    assertTrue(unreachable.err().contains("127.0.0.1:1/x.git") && !unreachable.err().contains("secret"), unreachable.err());

    assertEquals(2, run("render").exit(), "no application and no --repo is a usage error");
  }
}
