package dev.gitopsjava.core.source;

import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to a Git repository. Values never appear in {@code toString}, logs or error
 * messages.
 */
public sealed interface GitCredentials {

  /** No credentials: public repositories, local paths and {@code file://} URLs. */
  static GitCredentials none() {
    return None.INSTANCE;
  }

  /** HTTPS basic authentication with a user name and a token or password. */
  static GitCredentials https(String username, String token) {
    return new Https(username, token);
  }

  /**
   * SSH with a private key (OpenSSH or PEM text), for {@code ssh://git@host:port/path} URLs or the
   * scp-like {@code git@host:path}, which always means port 22. Only this key and these known hosts
   * are used: no {@code ~/.ssh} file (config, keys, known_hosts) and no SSH agent is consulted, and
   * an unknown or changed host key is refused ({@link RepositoryAccessDeniedException}), never
   * accepted.
   *
   * @param knownHosts {@code known_hosts} lines for the servers to trust ({@code [host]:port key}
   *     for a port other than 22); empty to refuse every host
   */
  static GitCredentials sshKey(String privateKey, Optional<String> passphrase, String knownHosts) {
    return new SshKey(privateKey, passphrase, knownHosts);
  }

  /** No credentials. */
  final class None implements GitCredentials {
    static final None INSTANCE = new None();

    private None() {}

    @Override
    public String toString() {
      return "GitCredentials.none";
    }
  }

  /** HTTPS user and token. */
  record Https(String username, String token) implements GitCredentials {
    /** Checks the components. */
    public Https {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "GitCredentials.https[username=" + username + ", token=****]";
    }
  }

  /** SSH private key. */
  record SshKey(String privateKey, Optional<String> passphrase, String knownHosts) implements GitCredentials {
    /** Checks the components. */
    public SshKey {
      Objects.requireNonNull(privateKey, "privateKey");
      Objects.requireNonNull(passphrase, "passphrase");
      Objects.requireNonNull(knownHosts, "knownHosts");
    }

    @Override
    public String toString() {
      return "GitCredentials.sshKey[****]";
    }
  }
}
