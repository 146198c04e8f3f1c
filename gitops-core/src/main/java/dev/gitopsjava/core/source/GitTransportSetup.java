package dev.gitopsjava.core.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.KeyPasswordProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Applies {@link GitCredentials} to JGit commands: a credentials provider for HTTPS, an SSH session
 * factory with the given key and known hosts for SSH. The user's own {@code ~/.ssh} is not read
 * when a key is given, so behaviour does not depend on the machine.
 */
final class GitTransportSetup {
  private final GitCredentials credentials;
  private final Path sshDirectory;
  private volatile SshdSessionFactory sshFactory;

  GitTransportSetup(GitCredentials credentials, Path sshDirectory) {
    this.credentials = credentials;
    this.sshDirectory = sshDirectory;
  }

  <C extends TransportCommand<C, ?>> C configure(C command) {
    if (credentials instanceof GitCredentials.Https https) {
      command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(https.username(), https.token()));
    } else if (credentials instanceof GitCredentials.SshKey ssh) {
      SshdSessionFactory factory = sshFactory(ssh);
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

  /** Answers the key's passphrase once per key; never prompts. */
  private static final class FixedKeyPassword implements KeyPasswordProvider {
    private final char[] passphrase;

    FixedKeyPassword(char[] passphrase) {
      this.passphrase = passphrase;
    }

    @Override
    public char[] getPassphrase(org.eclipse.jgit.transport.URIish uri, int attempt) {
      return attempt == 0 && passphrase != null ? passphrase.clone() : null;
    }

    @Override
    public void setAttempts(int maxNumberOfAttempts) {}

    @Override
    public boolean keyLoaded(org.eclipse.jgit.transport.URIish uri, int attempt, Exception error) {
      return false;
    }
  }

  @SuppressWarnings("unused")
  private static CredentialsProvider none() {
    return CredentialsProvider.getDefault();
  }
}
