package dev.gitopsjava.core.source;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A target revision pinned to a commit.
 *
 * @param repoUrl the repository URL, with any credentials removed
 * @param targetRevision what was asked for: {@code HEAD}, a branch, a tag, a full or short SHA
 * @param commit the full commit SHA it resolved to
 * @param resolvedAt when it was resolved
 * @param staleReason present when the repository could not be reached and the commit comes from
 *     the last good fetch in the cache; says why
 */
public record Revision(String repoUrl, String targetRevision, String commit, Instant resolvedAt,
    Optional<String> staleReason) {

  /** Checks the components. */
  public Revision {
    Objects.requireNonNull(repoUrl, "repoUrl");
    Objects.requireNonNull(targetRevision, "targetRevision");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(staleReason, "staleReason");
  }

  /** The first seven characters of the commit, as Git shows it. */
  public String shortCommit() {
    return commit.substring(0, Math.min(7, commit.length()));
  }

  /** True when the commit came from the cache because the repository was unreachable. */
  public boolean stale() {
    return staleReason.isPresent();
  }
}
