package dev.gitopsjava.core.source;

import dev.gitopsjava.core.GitOpsException;

/** The application's path does not exist at the resolved commit. */
public class PathNotFoundException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public PathNotFoundException(String repoUrl, String commit, String path) {
    super("path '" + path + "' does not exist in " + repoUrl + " at commit " + commit);
  }
}
