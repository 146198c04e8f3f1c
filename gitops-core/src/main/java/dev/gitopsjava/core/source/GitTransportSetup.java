package dev.gitopsjava.core.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link GitCredentials} to JGit commands: a credentials provider for HTTPS, an SSH session
 * factory with the given key and known hosts for SSH. The user's own {@code ~/.ssh} is not read
 * when a key is given, so behaviour does not depend on the machine.
 */
final class GitTransportSetup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GitTransportSetup.class);
  private final GitCredentials credentials;
  private final Path sshDirectory;
  private volatile SshdSessionFactory sshFactory;
  /** Why the private key could not be used, once JGit has tried to load it; null if it loaded. */
  private volatile String keyProblem;

  GitTransportSetup(GitCredentials credentials, Path sshDirectory) {
    this.credentials = credentials;
    this.sshDirectory = sshDirectory;
  }

  <C extends TransportCommand<C, ?>> C configure(C command) {
    if (credentials instanceof GitCredentials.Https https) {
      command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(https.username(), https.token()));
    } else if (credentials instanceof GitCredentials.SshKey ssh) {
      SshdSessionFactory factory = sshFactory(ssh);
      // Without a provider of its own, JGit asks CredentialsProvider.getDefault() (global, set by
      // whoever embeds us) whether to trust an unknown host key; this one says no to everything.
      command.setCredentialsProvider(NO_QUESTIONS);
      command.setTransportConfigCallback(t -> {
        if (t instanceof SshTransport st) {
          st.setSshSessionFactory(factory);
        }
      });
    }
    return command;
  }

  private SshdSessionFactory sshFactory(GitCredentials.SshKey ssh) {
    SshdSessionFactory f = sshFactory;
    if (f != null) {
      return f;
    }
    synchronized (this) {
      if (sshFactory == null) {
        Path key = sshDirectory.resolve("identity");
        Path knownHosts = sshDirectory.resolve("known_hosts");
        try {
          Files.createDirectories(sshDirectory);
          writePrivate(key, ssh.privateKey());
          writePrivate(knownHosts, ssh.knownHosts());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot prepare the SSH directory " + sshDirectory, e);
        }
        char[] passphrase = ssh.passphrase().map(String::toCharArray).orElse(null);
        sshFactory = new SshdSessionFactoryBuilder()
            .setHomeDirectory(sshDirectory.toFile())
            .setSshDirectory(sshDirectory.toFile())
            .setPreferredAuthentications("publickey")
            .setDefaultIdentities(dir -> List.of(key))
            .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
            .setConfigFile(dir -> null)
            .setKeyPasswordProvider(cp -> new FixedKeyPassword(passphrase))
            .setConnectorFactory(null) // no SSH agent: only the given key
            .build(null);
      }
      return sshFactory;
    }
  }

  private static void writePrivate(Path file, String content) throws IOException {
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    Files.writeString(file, content.endsWith("\n") ? content : content + "\n", StandardCharsets.UTF_8);
  }

  /** Answers the key's passphrase once per key; never prompts; remembers why a key did not load. */
  private final class FixedKeyPassword implements KeyPasswordProvider {
    private final char[] passphrase;

    FixedKeyPassword(char[] passphrase) {
      this.passphrase = passphrase;
    }

    @Override
    public char[] getPassphrase(URIish uri, int attempt) {
      if (passphrase == null) {
        keyProblem = "the private key given with the credentials is encrypted and no passphrase was given";
        return null;
      }
      return attempt == 0 ? passphrase.clone() : null;
    }

    @Override
    public void setAttempts(int maxNumberOfAttempts) {}

    @Override
    public boolean keyLoaded(URIish uri, int attempt, Exception error) {
      keyProblem = error == null ? null
          : "the private key given with the credentials could not be decrypted with the given passphrase";
      return false;
    }
  }

  /**
   * Why an SSH connection was refused for want of trust (host key not in the given known_hosts, or
   * the key refused by the server), in words naming {@code host}; empty for any other failure.
   */
  Optional<String> sshRefusal(Throwable failure, String host) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SshException ssh) {
        switch (ssh.getDisconnectCode()) {
          case SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE:
            return Optional.of("the SSH host key of " + host + " is not in the known_hosts given with the"
                + " credentials (an unknown host, or its key changed)");
          case SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE:
            String problem = keyProblem;
            return Optional.of(problem == null
                ? "the SSH server " + host + " refused the private key given with the credentials"
                : problem + ", so the SSH server " + host + " refused the login");
          default:
            return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Stops the SSH client, if one was started, and deletes the private key file it read (JGit reads
   * keys from files; the copy must not outlive the source that needed it).
   */
  @Override
  public void close() {
    SshdSessionFactory f = sshFactory;
    if (f != null) {
      f.close();
      try {
        Files.deleteIfExists(sshDirectory.resolve("identity"));
      } catch (IOException e) {
        LOG.warn("could not delete the SSH key copy in {}: {}", sshDirectory, e.toString());
      }
    }
  }

  /** Answers no question and gives no credentials, so nothing is trusted beyond what was given. */
  private static final CredentialsProvider NO_QUESTIONS = new CredentialsProvider() {
    @Override
    public boolean isInteractive() {
      return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
      return false;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) {
      return false;
    }
  };
}
