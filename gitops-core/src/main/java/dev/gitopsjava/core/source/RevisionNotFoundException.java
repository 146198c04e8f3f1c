package dev.gitopsjava.core.source;

import dev.gitopsjava.core.GitOpsException;

/** A target revision that names no branch, tag or commit of the repository, or an ambiguous short SHA. */
public class RevisionNotFoundException extends GitOpsException {
  private static final long serialVersionUID = 1L;
  private final String repoUrl;
  private final String revision;

  public RevisionNotFoundException(String repoUrl, String revision, String problem) {
    super("revision '" + revision + "' of " + repoUrl + ": " + problem);
    this.repoUrl = repoUrl;
    this.revision = revision;
  }

  /** The repository URL, credentials removed. */
  public String repoUrl() {
    return repoUrl;
  }

  /** The revision that was asked for. */
  public String revision() {
    return revision;
  }
}
