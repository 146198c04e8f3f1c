package dev.gitopsjava.core.source;

import dev.gitopsjava.core.spi.SourceTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jgit.transport.URIish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Git repositories as a source of desired state: one shared mirror clone per repository URL in a
 * cache directory, fetched on demand, with target revisions pinned to commits.
 *
 * <pre>{@code
 * try (GitSource git = GitSource.builder().cacheDirectory(Path.of("/var/cache/gitops")).build()) {
 *   Revision rev = git.resolve("https://example.com/payment-api.git", "HEAD");
 *   SourceTree tree = git.tree(rev);
 *   byte[] deployment = tree.read("k8s/base/deployment.yaml").orElseThrow();
 * }
 * }</pre>
 *
 * <p>Thread-safe: applications that share a repository share one clone; fetches of one repository
 * are serialised, and reads of a commit never observe a fetch in progress (Git objects are
 * immutable, and a revision names a commit, not a ref).
 *
 * <p>When a fetch fails but a clone exists, {@link #resolve} answers from the clone and marks the
 * revision {@linkplain Revision#stale() stale}, so the last good revision stays usable while the
 * repository is down.
 */
public final class GitSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitSource.class);
  private final Path cacheDirectory;
  private final Function<String, GitCredentials> credentials;
  private final Clock clock;
  private final Duration timeout;
  private final ConcurrentMap<String, MirrorClone> clones = new ConcurrentHashMap<>();
  private final List<GitRequestListener> requestListeners = new CopyOnWriteArrayList<>();

  private GitSource(Builder b) {
    this.cacheDirectory = b.cacheDirectory;
    this.credentials = b.credentials;
    this.clock = b.clock;
    this.timeout = b.timeout;
  }

  /** A builder; only the cache directory is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Fetches the repository (cloning it the first time) and resolves {@code targetRevision} —
   * {@code HEAD}, a branch, a tag, a full ref, or a full or abbreviated commit SHA — to a commit.
   * A full SHA that is already in the clone is answered without a fetch.
   *
   * @throws RepositoryUnavailableException if the repository cannot be reached and nothing is cached
   * @throws RevisionNotFoundException if the revision names nothing, or an abbreviation is ambiguous
   */
  public Revision resolve(String repoUrl, String targetRevision) {
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(targetRevision, "targetRevision");
    return clone(repoUrl).resolve(targetRevision, clock.instant());
  }

  /** The files at a resolved revision. */
  public SourceTree tree(Revision revision) {
    return clone(revision.repoUrl()).tree(revision.commit());
  }

  /** The files at a commit of a repository (the commit must have been fetched). */
  public SourceTree tree(String repoUrl, String commit) {
    return clone(repoUrl).tree(commit);
  }

  /** Tells {@code listener} about every clone and fetch from now on, e.g. to publish metrics. */
  public void addRequestListener(GitRequestListener listener) {
    requestListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes any user name and password from a repository URL, for messages and logs. */
  public static String redact(String repoUrl) {
    try {
      URIish uri = new URIish(repoUrl);
      if (uri.getPass() == null && (uri.getUser() == null || "git".equals(uri.getUser()))) {
        return repoUrl;
      }
      return uri.setPass(null).setUser(uri.getScheme() == null ? uri.getUser() : null).toString();
    } catch (java.net.URISyntaxException e) {
      return repoUrl.replaceAll("//[^@/]*@", "//");
    }
  }

  private MirrorClone clone(String repoUrl) {
    return clones.computeIfAbsent(repoUrl, url -> new MirrorClone(url, redact(url),
        cacheDirectory.resolve("repos").resolve(directoryName(url)),
        cacheDirectory.resolve("checkouts").resolve(directoryName(url)),
        credentials.apply(url), timeout, this::fetched));
  }

  private void fetched(String redactedUrl, Duration duration, boolean succeeded) {
    for (GitRequestListener l : requestListeners) {
      try {
        l.onFetch(redactedUrl, duration, succeeded);
      } catch (RuntimeException e) {
        LOG.warn("request listener {} failed on a fetch of {}", l, redactedUrl, e);
      }
    }
  }

  static String directoryName(String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }

  /** Closes every open repository. */
  @Override
  public void close() {
    clones.values().forEach(MirrorClone::close);
    clones.clear();
  }

  /** Configures a {@link GitSource}. Each setter may be called once. */
  public static final class Builder {
    private Path cacheDirectory;
    private Function<String, GitCredentials> credentials = url -> GitCredentials.none();
    private boolean credentialsSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private Duration timeout = Duration.ofSeconds(60);
    private boolean timeoutSet;

    private Builder() {}

    /** Where clones and checkouts live; created if missing. Required. */
    public Builder cacheDirectory(Path dir) {
      if (cacheDirectory != null) {
        throw new IllegalStateException("cacheDirectory was already set to " + cacheDirectory);
      }
      this.cacheDirectory = Objects.requireNonNull(dir, "cacheDirectory");
      return this;
    }

    /** Credentials for every repository. */
    public Builder credentials(GitCredentials creds) {
      Objects.requireNonNull(creds, "credentials");
      return credentials(url -> creds);
    }

    /** Credentials per repository URL (e.g. from a secret store). */
    public Builder credentials(Function<String, GitCredentials> perUrl) {
      if (credentialsSet) {
        throw new IllegalStateException("credentials were already set");
      }
      this.credentials = Objects.requireNonNull(perUrl, "credentials");
      credentialsSet = true;
      return this;
    }

    /** The clock that stamps revisions. */
    public Builder clock(Clock c) {
      if (clockSet) {
        throw new IllegalStateException("clock was already set");
      }
      this.clock = Objects.requireNonNull(c, "clock");
      clockSet = true;
      return this;
    }

    /** Network timeout of a clone or fetch; default 60 s. */
    public Builder timeout(Duration t) {
      if (timeoutSet) {
        throw new IllegalStateException("timeout was already set to " + timeout);
      }
      Objects.requireNonNull(t, "timeout");
      if (t.isNegative() || t.isZero() || t.toSeconds() < 1) {
        throw new IllegalArgumentException("timeout must be at least 1 second, was " + t);
      }
      this.timeout = t;
      timeoutSet = true;
      return this;
    }

    /** Builds the source, creating the cache directory. */
    public GitSource build() {
      if (cacheDirectory == null) {
        throw new IllegalStateException("cacheDirectory is required");
      }
      try {
        Files.createDirectories(cacheDirectory);
      } catch (IOException e) {
        throw new RepositoryUnavailableException("<cache>", "cannot create cache directory " + cacheDirectory, e);
      }
      return new GitSource(this);
    }
  }
}
