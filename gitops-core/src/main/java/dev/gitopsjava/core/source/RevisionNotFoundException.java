package dev.gitopsjava.core.source;

import dev.gitopsjava.core.GitOpsException;

/** A target revision that names no branch, tag or commit of the repository, or an ambiguous short SHA. */
public class RevisionNotFoundException extends GitOpsException {
  private static final long serialVersionUID = 1L;
  /** {@code repoUrl}, kept in the serialized form. */
  private final String repoUrl;
  /** {@code revision}, kept in the serialized form. */
  private final String revision;

  /** An exception with a message naming what is at fault. */
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
