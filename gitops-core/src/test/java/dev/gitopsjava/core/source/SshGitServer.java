package dev.gitopsjava.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;

/**
 * An SSH Git server on loopback for tests: Apache MINA sshd (already on the class path through
 * JGit's SSH transport) answering {@code git-upload-pack '/NAME'} with JGit's {@link UploadPack} on
 * the working-tree repository {@code root/NAME}. Only public-key authentication of user
 * {@code git} with one of the authorised keys is accepted.
 */
final class SshGitServer implements AutoCloseable {
  private final SshServer server;
  private final KeyPair hostKey;
  private final Path root;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  /** Every command a client ran, to show what was asked. */
  final List<String> commands = new CopyOnWriteArrayList<>();

  SshGitServer(Path root, KeyPair hostKey) {
    this.root = root;
    this.hostKey = hostKey;
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator((user, key, session) -> "git".equals(user)
        && authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    server.setCommandFactory((CommandFactory) (channel, command) -> new UploadPackCommand(command));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Lets {@code key} log in as {@code git}. */
  SshGitServer authorize(PublicKey key) {
    authorized.add(key);
    return this;
  }

  KeyPair hostKey() {
    return hostKey;
  }

  int port() {
    return server.getPort();
  }

  /** The {@code known_hosts} line for this server's host key, as OpenSSH writes it for a non-22 port. */
  String knownHostsLine() {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  /** A key pair as OpenSSH private key text (unencrypted). */
  static String openSshPrivateKey(KeyPair pair) {
    return openSshPrivateKey(pair, null);
  }

  /** A key pair as OpenSSH private key text, encrypted with {@code passphrase} unless it is null. */
  static String openSshPrivateKey(KeyPair pair, String passphrase) {
    try {
      OpenSSHKeyEncryptionContext encryption = null;
      if (passphrase != null) {
        encryption = new OpenSSHKeyEncryptionContext();
        encryption.setCipherName("AES");
        encryption.setCipherType("256");
        encryption.setPassword(passphrase);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "test", encryption, out);
      return out.toString(StandardCharsets.US_ASCII);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code git-upload-pack '/NAME'}: serves {@code root/NAME}; anything else fails with status 1. */
  private final class UploadPackCommand implements Command {
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    UploadPackCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      commands.add(command);
      String protocol = env.getEnv().get("GIT_PROTOCOL");
      Thread t = new Thread(() -> serve(protocol), "ssh-git-server");
      t.setDaemon(true);
      t.start();
    }

    private void serve(String protocol) {
      List<String> words = CommandFactory.split(command);
      if (words.size() != 2 || !"git-upload-pack".equals(words.get(0))) {
        fail("unsupported command: " + command);
        return;
      }
      Path dir = root.resolve(words.get(1).replaceFirst("^/", "")).normalize();
      if (!dir.startsWith(root)) {
        fail("outside the served root: " + words.get(1));
        return;
      }
      try (Repository repo = new FileRepositoryBuilder().setWorkTree(dir.toFile()).setMustExist(true).build()) {
        UploadPack pack = new UploadPack(repo);
        if (protocol != null) {
          pack.setExtraParameters(Set.of(protocol.split(":")));
        }
        pack.upload(in, out, err);
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        fail(e.toString());
      }
    }

    private void fail(String message) {
      try {
        err.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        err.flush();
      } catch (IOException ignored) {
        // The client has gone; the exit status below is all that is left to say.
      }
      exit.onExit(1, message);
    }

    @Override
    public void destroy(ChannelSession channel) {}
  }
}
