package dev.gitopsjava.core.source;

/**
 * The repository was reached but the connection was refused for want of trust: the SSH server's
 * host key is not in the {@code known_hosts} given with {@link GitCredentials#sshKey} (an unknown
 * host or a changed key), or the server refused the given private key. Retrying with the same
 * credentials cannot help; the message names the redacted URL and the host, never key material.
 */
public class RepositoryAccessDeniedException extends RepositoryUnavailableException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what was refused. */
  public RepositoryAccessDeniedException(String repoUrl, String problem) {
    super(repoUrl, problem, null);
  }
}
