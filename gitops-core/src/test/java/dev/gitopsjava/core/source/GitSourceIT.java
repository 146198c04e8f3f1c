package dev.gitopsjava.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.spi.SourceTree;
import dev.gitopsjava.core.testing.LocalGitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitSourceIT {
  @TempDir Path temp;
  LocalGitRepository repo;
  GitSource git;
  String first;
  String second;

  @BeforeEach
  void setUp() {
    repo = LocalGitRepository.create(temp.resolve("origin"));
    repo.write("app/cm.yaml", "v: 1\n");
    first = repo.commit("first");
    repo.tag("v1.0.0").lightweightTag("light");
    repo.write("app/cm.yaml", "v: 2\n").write("app/sub/deep.yaml", "d: 1\n");
    second = repo.commit("second");
    repo.branch("feature").write("app/cm.yaml", "v: feature\n");
    repo.commit("feature work");
    repo.checkout("main");
    git = GitSource.builder().cacheDirectory(temp.resolve("cache")).build();
  }

  @AfterEach
  void tearDown() {
    git.close();
    repo.close();
  }

  private String read(Revision r, String path) {
    return new String(git.tree(r).read(path).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void headResolvesToTheDefaultBranchTip() {
    Revision r = git.resolve(repo.url(), "HEAD");
    assertEquals(second, r.commit());
    assertEquals("v: 2\n", read(r, "app/cm.yaml"));
    assertFalse(r.stale());
  }

  @Test
  void branchTagLightweightTagAndRefsResolve() {
    assertNotEquals(second, git.resolve(repo.url(), "feature").commit());
    assertEquals("v: feature\n", read(git.resolve(repo.url(), "feature"), "app/cm.yaml"));
    assertEquals(first, git.resolve(repo.url(), "v1.0.0").commit(), "annotated tag peels to its commit");
    assertEquals(first, git.resolve(repo.url(), "light").commit());
    assertEquals(second, git.resolve(repo.url(), "refs/heads/main").commit());
    assertEquals(second, git.resolve(repo.url(), "main").commit());
  }

  @Test
  void fullAndShortShaResolve() {
    assertEquals(first, git.resolve(repo.url(), first).commit());
    assertEquals(first, git.resolve(repo.url(), first.substring(0, 7)).commit());
    assertEquals(first, git.resolve(repo.url(), first.substring(0, 10).toUpperCase()).commit());
    assertEquals("v: 1\n", read(git.resolve(repo.url(), first.substring(0, 8)), "app/cm.yaml"));
  }

  @Test
  void newCommitsAreFetched() {
    assertEquals(second, git.resolve(repo.url(), "HEAD").commit());
    repo.write("app/new.yaml", "n: 1\n");
    String third = repo.commit("third");
    Revision r = git.resolve(repo.url(), "main");
    assertEquals(third, r.commit());
    assertTrue(git.tree(r).read("app/new.yaml").isPresent());
  }

  @Test
  void unknownRevisionNamesTheRevision() {
    RevisionNotFoundException e = assertThrows(RevisionNotFoundException.class,
        () -> git.resolve(repo.url(), "no-such-branch"));
    assertTrue(e.getMessage().contains("no-such-branch"), e.getMessage());
  }

  @Test
  void listsFilesRecursivelyOrNot() {
    SourceTree tree = git.tree(git.resolve(repo.url(), "HEAD"));
    assertEquals(List.of("app/cm.yaml"), tree.listFiles("app", false));
    assertEquals(List.of("app/cm.yaml", "app/sub/deep.yaml"), tree.listFiles("app", true));
    assertTrue(tree.isDirectory("app/sub"));
    assertFalse(tree.isDirectory("app/cm.yaml"));
    assertFalse(tree.read("app/missing.yaml").isPresent());
    assertFalse(tree.read("app").isPresent(), "a directory is not a file");
  }

  @Test
  void checkoutWritesTheCommitsTree() throws Exception {
    Path dir = git.tree(git.resolve(repo.url(), first)).checkout();
    assertEquals("v: 1\n", Files.readString(dir.resolve("app/cm.yaml")));
    assertFalse(Files.exists(dir.resolve("app/sub/deep.yaml")));
    assertEquals(dir, git.tree(git.resolve(repo.url(), first)).checkout(), "one checkout per commit");
  }

  @Test
  void concurrentCheckoutsOfOneCommitAllSucceed() throws Exception {
    Revision r = git.resolve(repo.url(), second);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<Future<Path>> dirs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        dirs.add(pool.submit(() -> {
          start.await();
          return git.tree(r).checkout();
        }));
      }
      start.countDown();
      for (Future<Path> dir : dirs) {
        Path d = dir.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("d: 1\n", Files.readString(d.resolve("app/sub/deep.yaml")));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableRepositoryIsATypedErrorWithoutCredentials() {
    String url = "https://alice:s3cr3t-token@127.0.0.1:1/payment-api.git";
    RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class,
        () -> git.resolve(url, "HEAD"));
    assertFalse(e.getMessage().contains("s3cr3t-token"), e.getMessage());
    assertFalse(e.repoUrl().contains("s3cr3t-token"));
    assertTrue(e.getMessage().contains("127.0.0.1:1/payment-api.git"), e.getMessage());
  }

  @Test
  void lastGoodRevisionStaysUsableWhenTheRepositoryGoesAway() throws Exception {
    Revision good = git.resolve(repo.url(), "HEAD");
    Files.move(repo.directory(), temp.resolve("moved-away"));
    Revision stale = git.resolve(repo.url(), "HEAD");
    assertEquals(good.commit(), stale.commit());
    assertTrue(stale.stale());
    assertTrue(stale.staleReason().orElseThrow().contains("unavailable"), stale.staleReason().orElseThrow());
    assertEquals("v: 2\n", read(stale, "app/cm.yaml"));
  }

  @Test
  void concurrentApplicationsShareOneCloneWhileCommitsArrive() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> reads = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        if (i % 10 == 0) {
          repo.write("app/cm.yaml", "v: " + (100 + i) + "\n");
          repo.commit("change " + i);
        }
        reads.add(pool.submit(() -> {
          Revision r = git.resolve(repo.url(), "main");
          // A read at a commit always sees that commit's content, whatever fetch runs meanwhile.
          String content = read(r, "app/cm.yaml");
          assertTrue(content.startsWith("v: "), content);
          return r.commit();
        }));
      }
      for (Future<String> f : reads) {
        assertEquals(40, f.get().length());
      }
    } finally {
      pool.shutdownNow();
    }
    try (var dirs = Files.list(temp.resolve("cache").resolve("repos"))) {
      assertEquals(1, dirs.filter(p -> !p.getFileName().toString().endsWith(".ssh")).count(), "one shared clone");
    }
  }

  @Test
  void redactRemovesUserAndPassword() {
    assertEquals("https://example.com/a.git", GitSource.redact("https://bob:pw@example.com/a.git"));
    assertEquals("git@github.com:org/repo.git", GitSource.redact("git@github.com:org/repo.git"));
  }

  @Test
  void builderRejectsSecondSettingAndBadTimeout() {
    GitSource.Builder b = GitSource.builder().cacheDirectory(temp);
    assertThrows(IllegalStateException.class, () -> b.cacheDirectory(temp));
    assertThrows(IllegalArgumentException.class, () -> b.timeout(java.time.Duration.ofSeconds(-1)));
  }
}
