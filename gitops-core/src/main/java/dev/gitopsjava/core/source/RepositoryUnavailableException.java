package dev.gitopsjava.core.source;

import dev.gitopsjava.core.GitOpsException;

/**
 * The repository could not be cloned or fetched, and no cached copy can answer. The message names
 * the URL with credentials removed.
 */
public class RepositoryUnavailableException extends GitOpsException {
  private static final long serialVersionUID = 1L;
  /** {@code repoUrl}, kept in the serialized form. */
  private final String repoUrl;

  /** An exception with a message naming what is at fault, and its cause. */
  public RepositoryUnavailableException(String repoUrl, String problem, Throwable cause) {
    super("repository " + repoUrl + " is unavailable: " + problem, cause);
    this.repoUrl = repoUrl;
  }

  /** The repository URL, credentials removed. */
  public String repoUrl() {
    return repoUrl;
  }
}
