package dev.gitopsjava.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.LocalGitRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.GeneralSecurityException;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitSource} over SSH against an in-process SSH Git server on loopback. */
class GitSourceSshIT {
  @TempDir Path temp;
  LocalGitRepository repo;
  SshGitServer server;
  KeyPair clientKey;
  String first;

  @BeforeEach
  void setUp() {
    repo = LocalGitRepository.create(temp.resolve("served/origin"));
    repo.write("app/cm.yaml", "v: 1\n");
    first = repo.commit("first");
    clientKey = generate(KeyPairProvider.SSH_ED25519);
    server = new SshGitServer(temp.resolve("served"), generate(KeyPairProvider.SSH_ED25519)).authorize(clientKey.getPublic());
  }

  @AfterEach
  void tearDown() {
    server.close();
    repo.close();
  }

  /**
   * A key pair made by sshd's own security provider choice (Bouncy Castle when present), so that
   * sshd can write it as an OpenSSH private key; {@code type} is an SSH key type name.
   */
  static KeyPair generate(String type) {
    try {
      return KeyUtils.generateKeyPair(type, KeyPairProvider.SSH_RSA.equals(type) ? 2048 : 256);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  String url() {
    return "ssh://git@127.0.0.1:" + server.port() + "/origin";
  }

  GitSource source(String cache, GitCredentials credentials) {
    return GitSource.builder().cacheDirectory(temp.resolve(cache)).credentials(credentials).build();
  }

  GitCredentials trusted(KeyPair key) {
    return GitCredentials.sshKey(SshGitServer.openSshPrivateKey(key), Optional.empty(), server.knownHostsLine());
  }

  static String read(GitSource git, Revision r, String path) {
    return new String(git.tree(r).read(path).orElseThrow(), StandardCharsets.UTF_8);
  }

  @Test
  void clonesAndFetchesOverSshWithAnEd25519Key() {
    try (GitSource git = source("cache", trusted(clientKey))) {
      Revision r = git.resolve(url(), "HEAD");
      assertEquals(first, r.commit());
      assertFalse(r.stale());
      assertEquals("v: 1\n", read(git, r, "app/cm.yaml"));

      repo.write("app/cm.yaml", "v: 2\n");
      String second = repo.commit("second");
      Revision next = git.resolve(url(), "main");
      assertEquals(second, next.commit(), "the fetch over SSH brought the new commit");
      assertFalse(next.stale());
      assertEquals("v: 2\n", read(git, next, "app/cm.yaml"));
    }
    assertTrue(server.commands.stream().allMatch(c -> c.equals("git-upload-pack '/origin'")), server.commands::toString);
    assertEquals(2, server.commands.size(), "one clone and one fetch: " + server.commands);
  }
}
