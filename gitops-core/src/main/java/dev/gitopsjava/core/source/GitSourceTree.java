package dev.gitopsjava.core.source;

import dev.gitopsjava.core.spi.SourceTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** A commit's tree read from the object database; checked out to disk once, on demand. */
final class GitSourceTree implements SourceTree {
  /** Bound on file size read into memory: manifests are small, a huge blob is a mistake. */
  private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  private final Repository repo;
  private final ObjectId commitId;
  private final String repoUrl;
  private final Path checkouts;
  private final RevTree tree;

  GitSourceTree(Repository repo, ObjectId commitId, String repoUrl, Path checkouts) {
    this.repo = repo;
    this.commitId = commitId;
    this.repoUrl = repoUrl;
    this.checkouts = checkouts;
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit commit = walk.parseCommit(commitId);
      this.tree = commit.getTree();
    } catch (IOException e) {
      throw new RevisionNotFoundException(repoUrl, commitId.getName(), "cannot read commit: " + e.getMessage());
    }
  }

  @Override
  public String commit() {
    return commitId.getName();
  }

  @Override
  public Optional<byte[]> read(String path) {
    String p = RepositoryPath.normalise(path);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    try (TreeWalk walk = TreeWalk.forPath(repo, p, tree)) {
      if (walk == null || (walk.getRawMode(0) & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return Optional.empty();
      }
      return Optional.of(repo.open(walk.getObjectId(0)).getCachedBytes((int) MAX_FILE_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " at " + commit() + " of " + repoUrl, e);
    }
  }

  @Override
  public boolean isDirectory(String path) {
    String p = RepositoryPath.normalise(path);
    if (p.isEmpty()) {
      return true;
    }
    try (TreeWalk walk = TreeWalk.forPath(repo, p, tree)) {
      return walk != null && FileMode.TREE.equals(walk.getRawMode(0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + " at " + commit() + " of " + repoUrl, e);
    }
  }

  @Override
  public List<String> listFiles(String directory, boolean recursive) {
    String dir = RepositoryPath.normalise(directory);
    List<String> out = new ArrayList<>();
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(tree);
      walk.setRecursive(false);
      if (!dir.isEmpty()) {
        walk.setFilter(PathFilter.create(dir));
      }
      while (walk.next()) {
        String path = walk.getPathString();
        boolean inside = dir.isEmpty() || path.startsWith(dir + "/");
        if (walk.isSubtree()) {
          // Descend to reach the directory itself, and below it only when recursive.
          if (!inside || recursive) {
            walk.enterSubtree();
          }
          continue;
        }
        if (inside && (walk.getRawMode(0) & FileMode.TYPE_MASK) == FileMode.TYPE_FILE) {
          out.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + " at " + commit() + " of " + repoUrl, e);
    }
    out.sort(null);
    return out;
  }

  @Override
  public Path checkout() {
    Path target = checkouts.resolve(commit());
    if (Files.isDirectory(target)) {
      return target;
    }
    Path temp = null;
    try {
      Files.createDirectories(checkouts);
      temp = Files.createTempDirectory(checkouts, commit() + ".tmp-");
      for (String file : listFiles("", true)) {
        Path out = temp.resolve(file);
        Files.createDirectories(out.getParent());
        Files.write(out, read(file).orElseThrow());
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
      temp = null;
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // Another thread checked out the same commit first; its copy is identical.
    } catch (IOException e) {
      // Linux reports a rename onto a directory another thread just filled as a plain
      // FileSystemException ("Directory not empty", ENOTEMPTY), not DirectoryNotEmptyException.
      if (temp != null && Files.isDirectory(target)) {
        return target;
      }
      throw new UncheckedIOException("cannot check out " + commit() + " of " + repoUrl + " into " + checkouts, e);
    } finally {
      if (temp != null) {
        MirrorClone.deleteRecursively(temp);
      }
    }
    return target;
  }
}
