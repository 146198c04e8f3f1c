package dev.gitopsjava.core.source;

import dev.gitopsjava.core.spi.SourceTree;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One repository's mirror clone. Clone and fetch hold a lock; reads do not need it, because they
 * go through commit ids, and Git objects never change once written.
 */
final class MirrorClone implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MirrorClone.class);
  private static final RefSpec MIRROR = new RefSpec("+refs/*:refs/*");

  private final String url;
  private final String redactedUrl;
  private final Path directory;
  private final Path checkouts;
  private final GitTransportSetup transport;
  private final int timeoutSeconds;
  private final GitRequestListener requests;
  private final ReentrantLock fetchLock = new ReentrantLock();

  private volatile Repository repository;
  /** The remote's HEAD as advertised by the last fetch; a mirror's own HEAD is not updated by fetch. */
  private volatile ObjectId advertisedHead;

  MirrorClone(String url, String redactedUrl, Path directory, Path checkouts, GitCredentials credentials,
      java.time.Duration timeout, GitRequestListener requests) {
    this.url = url;
    this.redactedUrl = redactedUrl;
    this.directory = directory;
    this.checkouts = checkouts;
    this.transport = new GitTransportSetup(credentials, directory.resolveSibling(directory.getFileName() + ".ssh"));
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    this.requests = requests;
  }

  Revision resolve(String targetRevision, Instant now) {
    String wanted = targetRevision.isBlank() ? Constants.HEAD : targetRevision.trim();
    if (isFullSha(wanted) && haveCommit(wanted)) {
      return new Revision(redactedUrl, targetRevision, wanted.toLowerCase(java.util.Locale.ROOT), now, Optional.empty());
    }
    Optional<String> stale = Optional.empty();
    try {
      fetch();
    } catch (RepositoryUnavailableException e) {
      if (repository == null) {
        throw e;
      }
      LOG.warn("fetch of {} failed, using the cached clone: {}", redactedUrl, e.getMessage());
      stale = Optional.of(e.getMessage());
    }
    return new Revision(redactedUrl, targetRevision, resolveLocally(wanted), now, stale);
  }

  private void fetch() {
    fetchLock.lock();
    try {
      if (repository == null && Files.isDirectory(directory.resolve("objects"))) {
        repository = open(directory);
      }
      long started = System.nanoTime();
      boolean succeeded = false;
      try {
        if (repository == null) {
          cloneFresh();
        } else {
          fetchInto(repository);
        }
        succeeded = true;
      } finally {
        requests.onFetch(redactedUrl, java.time.Duration.ofNanos(System.nanoTime() - started), succeeded);
      }
    } finally {
      fetchLock.unlock();
    }
  }

  private void fetchInto(Repository clone) {
    try (Git git = new Git(clone)) {
      FetchResult result = transport.configure(git.fetch())
          .setRemote("origin")
          .setRefSpecs(MIRROR)
          .setRemoveDeletedRefs(true)
          .setTimeout(timeoutSeconds)
          .call();
      Ref head = result.getAdvertisedRef(Constants.HEAD);
      advertisedHead = head == null ? null : head.getObjectId();
    } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
      throw unavailable(e);
    }
  }

  private void cloneFresh() {
    Path parent = directory.getParent();
    Path temp = null;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempDirectory(parent, directory.getFileName() + ".clone-");
      try (Git git = transport.configure(Git.cloneRepository())
          .setURI(url)
          .setDirectory(temp.toFile())
          .setMirror(true)
          .setTimeout(timeoutSeconds)
          .call()) {
        // The temporary clone is complete only here; the rename publishes it whole.
      }
      try {
        Files.move(temp, directory, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, directory);
      }
      temp = null;
      repository = open(directory);
      ObjectId head = repository.resolve(Constants.HEAD);
      advertisedHead = head;
    } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
      throw unavailable(e);
    } catch (IOException e) {
      throw new RepositoryUnavailableException(redactedUrl, "cannot write the clone in " + parent + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        deleteRecursively(temp);
      }
    }
  }

  private RepositoryUnavailableException unavailable(Exception e) {
    return transport.sshRefusal(e, host())
        .<RepositoryUnavailableException>map(why -> new RepositoryAccessDeniedException(redactedUrl, why))
        .orElseGet(() -> new RepositoryUnavailableException(redactedUrl, describe(e), null));
  }

  /** {@code host:port} of the URL (just the host when it names no port, i.e. 22 for SSH). */
  private String host() {
    try {
      URIish uri = new URIish(url);
      return uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : String.valueOf(uri.getHost());
    } catch (java.net.URISyntaxException e) {
      return redactedUrl;
    }
  }

  /** JGit messages can quote the URL as given, user and password included; replace it. */
  private String describe(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
      m = m + ": " + c.getMessage();
    }
    return m.replace(url, redactedUrl).replaceAll("//[^@/\\s]*:[^@/\\s]*@", "//");
  }

  private static Repository open(Path dir) {
    try {
      return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new RepositoryUnavailableException(dir.toString(), "cached clone is unreadable: " + e.getMessage(), e);
    }
  }

  private boolean haveCommit(String sha) {
    Repository repo = repository;
    if (repo == null && Files.isDirectory(directory.resolve("objects"))) {
      fetchLock.lock();
      try {
        if (repository == null) {
          repository = open(directory);
        }
        repo = repository;
      } finally {
        fetchLock.unlock();
      }
    }
    if (repo == null) {
      return false;
    }
    try (RevWalk walk = new RevWalk(repo)) {
      walk.parseCommit(ObjectId.fromString(sha));
      return true;
    } catch (MissingObjectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private String resolveLocally(String wanted) {
    Repository repo = repository;
    try {
      ObjectId id = null;
      if (Constants.HEAD.equals(wanted)) {
        id = advertisedHead != null ? advertisedHead : repo.resolve(Constants.HEAD);
        if (id == null) {
          throw new RevisionNotFoundException(redactedUrl, wanted, "the repository has no HEAD (is it empty?)");
        }
      } else {
        id = resolveRef(repo, wanted);
        if (id == null && wanted.matches("(?i)[0-9a-f]{4,40}")) {
          id = resolveAbbreviation(repo, wanted);
        }
      }
      if (id == null) {
        throw new RevisionNotFoundException(redactedUrl, wanted, "no branch, tag or commit has this name");
      }
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(id);
        return commit.getName();
      } catch (MissingObjectException e) {
        throw new RevisionNotFoundException(redactedUrl, wanted, "commit " + id.getName() + " is not in the repository");
      } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
        throw new RevisionNotFoundException(redactedUrl, wanted, "does not name a commit");
      }
    } catch (IOException e) {
      throw new RepositoryUnavailableException(redactedUrl, "cannot read the clone: " + e.getMessage(), e);
    }
  }

  private static ObjectId resolveRef(Repository repo, String wanted) throws IOException {
    for (String name : new String[] {wanted, Constants.R_HEADS + wanted, Constants.R_TAGS + wanted}) {
      if (!name.startsWith("refs/")) {
        continue;
      }
      Ref ref = repo.exactRef(name);
      if (ref != null) {
        Ref peeled = repo.getRefDatabase().peel(ref);
        return peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
      }
    }
    return null;
  }

  private ObjectId resolveAbbreviation(Repository repo, String hex) throws IOException {
    try (ObjectReader reader = repo.newObjectReader()) {
      Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(hex.toLowerCase(java.util.Locale.ROOT)));
      if (matches.size() > 1) {
        throw new RevisionNotFoundException(redactedUrl, hex, "ambiguous short SHA, " + matches.size() + " objects match");
      }
      return matches.isEmpty() ? null : matches.iterator().next();
    }
  }

  SourceTree tree(String commit) {
    Repository repo = repository;
    if (repo == null) {
      if (!haveCommit(commit)) {
        throw new RevisionNotFoundException(redactedUrl, commit, "not fetched yet; resolve the revision first");
      }
      repo = repository;
    }
    return new GitSourceTree(repo, ObjectId.fromString(commit), redactedUrl, checkouts);
  }

  private static boolean isFullSha(String s) {
    return s.length() == 40 && s.matches("(?i)[0-9a-f]{40}");
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          p.toFile().setWritable(true);
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // Best effort: a leftover temporary directory is harmless and is never read.
        }
      });
    } catch (IOException ignored) {
      // Same as above.
    }
  }

  @Override
  public void close() {
    Repository repo = repository;
    if (repo != null) {
      repo.close();
    }
    transport.close();
  }
}
