package dev.gitopsjava.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real local Git repository made with JGit, for tests: write files, commit, branch, tag.
 *
 * <pre>{@code
 * LocalGitRepository repo = LocalGitRepository.create(tempDir.resolve("app"));
 * repo.write("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
 * String sha = repo.commit("add config map");
 * }</pre>
 */
public final class LocalGitRepository implements AutoCloseable {
  private static final PersonIdent AUTHOR = new PersonIdent("gitops-java tests", "tests@gitops-java.dev");
  private final Git git;
  private final Path dir;
  private final String url;

  private LocalGitRepository(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
    // Fixed at creation: Path.toUri() drops the trailing slash once the directory is gone.
    this.url = dir.toUri().toString();
  }

  /** Initialises a repository with branch {@code main} in {@code dir}. */
  public static LocalGitRepository create(Path dir) {
    try {
      Files.createDirectories(dir);
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      return new LocalGitRepository(git, dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The URL to clone from ({@code file://…}). */
  public String url() {
    return url;
  }

  /** The working directory. */
  public Path directory() {
    return dir;
  }

  /** Writes a file (creating directories) without committing. */
  public LocalGitRepository write(String path, String content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file without committing. */
  public LocalGitRepository delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything (additions and deletions) and commits; returns the commit SHA. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit c = git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR)
          .setAllowEmpty(true).setSign(false).call();
      return c.getName();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a branch at the current commit and checks it out. */
  public LocalGitRepository branch(String name) {
    try {
      git.checkout().setCreateBranch(true).setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks out an existing branch. */
  public LocalGitRepository checkout(String name) {
    try {
      git.checkout().setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates an annotated tag at the current commit. */
  public LocalGitRepository tag(String name) {
    try {
      git.tag().setName(name).setMessage("tag " + name).setTagger(AUTHOR).setAnnotated(true).setSigned(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a lightweight tag at the current commit. */
  public LocalGitRepository lightweightTag(String name) {
    try {
      git.tag().setName(name).setAnnotated(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
