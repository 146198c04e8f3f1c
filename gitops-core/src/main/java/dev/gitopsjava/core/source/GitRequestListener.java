package dev.gitopsjava.core.source;

import java.time.Duration;

/**
 * Told about every network request a {@link GitSource} makes to a repository (the first clone and
 * each fetch), e.g. to publish Git request counts and durations the way Argo CD's repo server does
 * ({@code argocd_git_request_total}, {@code argocd_git_request_duration_seconds}). Called on the
 * thread that fetched, after the request ended; it should return quickly. Register with
 * {@link GitSource#addRequestListener}.
 */
@FunctionalInterface
public interface GitRequestListener {

  /**
   * One clone or fetch ended.
   *
   * @param repoUrl the repository URL, user name and password removed ({@link GitSource#redact})
   * @param duration how long the request took (wall time)
   * @param succeeded false when the repository could not be reached or the transfer failed
   */
  void onFetch(String repoUrl, Duration duration, boolean succeeded);
}
