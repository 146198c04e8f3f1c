package dev.gitopsjava.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.LocalGitRepository;
import java.nio.charset.StandardCharsets;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.io.PathUtils;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
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
  void clonesAndFetchesOverSshWithAnEd25519Key() throws IOException {
    String keyText = SshGitServer.openSshPrivateKey(clientKey);
    try (GitSource git = source("cache", GitCredentials.sshKey(keyText, Optional.empty(), server.knownHostsLine()))) {
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
      assertEquals(1, filesHolding(temp.resolve("cache"), keyText.strip()).size(), "JGit reads the key from one file");
    }
    assertEquals(List.of(), filesHolding(temp.resolve("cache"), keyText.strip()),
        "no copy of the private key is left in the cache once the source is closed");
    assertTrue(server.commands.stream().allMatch(c -> c.equals("git-upload-pack '/origin'")), server.commands::toString);
    assertEquals(2, server.commands.size(), "one clone and one fetch: " + server.commands);
  }

  @Test
  void rendersTheDesiredStateOverSsh() {
    repo.write("k8s/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: over-ssh}\ndata: {v: \"1\"}\n");
    String sha = repo.commit("manifests");
    try (GitSource git = source("cache", trusted(clientKey))) {
      RenderResult result = DesiredStateRenderer.builder().gitSource(git).build()
          .render("payment-api", SourceSpec.of(url(), "main", "k8s"));
      assertEquals(sha, result.revision().commit());
      assertEquals("directory", result.rendererType());
      assertEquals(List.of("over-ssh"), result.desired().all().stream().map(m -> m.key().name()).toList());
    }
  }

  @Test
  void rsaKeysWorkToo() {
    KeyPair rsa = generate(KeyPairProvider.SSH_RSA);
    server.authorize(rsa.getPublic());
    try (GitSource git = source("cache", trusted(rsa))) {
      assertEquals(first, git.resolve(url(), "HEAD").commit());
    }
  }

  @Test
  void aHostNotInKnownHostsIsRefusedNamingTheHost() {
    GitCredentials otherHostOnly = GitCredentials.sshKey(SshGitServer.openSshPrivateKey(clientKey), Optional.empty(),
        "[127.0.0.1]:" + (server.port() + 1) + " " + PublicKeyEntry.toString(server.hostKey().getPublic()));
    String m = refusal("cache", otherHostOnly);
    assertTrue(m.contains("host key of 127.0.0.1:" + server.port() + " is not in the known_hosts"), m);
  }

  @Test
  void aChangedHostKeyIsRefusedNamingTheHost() {
    GitCredentials impostor = GitCredentials.sshKey(SshGitServer.openSshPrivateKey(clientKey), Optional.empty(),
        "[127.0.0.1]:" + server.port() + " " + PublicKeyEntry.toString(generate(KeyPairProvider.SSH_ED25519).getPublic()));
    String m = refusal("cache", impostor);
    assertTrue(m.contains("host key of 127.0.0.1:" + server.port() + " is not in the known_hosts"), m);
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefused() {
    String m = refusal("cache", trusted(generate(KeyPairProvider.SSH_ED25519)));
    assertTrue(m.contains("server 127.0.0.1:" + server.port() + " refused the private key"), m);
  }

  @Test
  void theLastGoodRevisionIsServedWhenTheServerIsDown() {
    try (GitSource git = source("cache", trusted(clientKey))) {
      assertFalse(git.resolve(url(), "HEAD").stale());
      server.close();
      Revision r = git.resolve(url(), "HEAD");
      assertEquals(first, r.commit());
      assertTrue(r.stale());
      assertTrue(r.staleReason().orElseThrow().contains(url()), r.staleReason().orElseThrow());
    }
  }

  private static List<Path> filesHolding(Path dir, String text) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    }
  }

  /**
   * Resolves with {@code credentials} in a fresh cache, expecting a refusal before any Git command
   * reached the server; returns the message, checked to name the URL and to hold no key material.
   */
  private String refusal(String cache, GitCredentials credentials) {
    RepositoryAccessDeniedException e;
    try (GitSource git = source(cache, credentials)) {
      e = assertThrows(RepositoryAccessDeniedException.class, () -> git.resolve(url(), "HEAD"));
    }
    assertNamesHostWithoutKeys(e);
    assertEquals(List.of(), server.commands, "no Git command reached the server");
    return e.getMessage();
  }

  private void assertNamesHostWithoutKeys(RepositoryUnavailableException e) {
    String m = e.getMessage();
    assertTrue(m.contains(url()), m);
    assertEquals(url(), e.repoUrl());
    for (String secret : new String[] {"BEGIN OPENSSH", "PRIVATE KEY"}) {
      assertFalse(m.contains(secret), m);
    }
    String hostKey = PublicKeyEntry.toString(server.hostKey().getPublic()).split(" ")[1];
    assertFalse(m.contains(hostKey), m);
  }

  @Test
  void aGlobalCredentialsProviderThatAcceptsEverythingCannotAcceptAnUnknownHost() {
    CredentialsProvider previous = CredentialsProvider.getDefault();
    CredentialsProvider.setDefault(new CredentialsProvider() {
      @Override
      public boolean isInteractive() {
        return true;
      }

      @Override
      public boolean supports(CredentialItem... items) {
        return true;
      }

      @Override
      public boolean get(URIish uri, CredentialItem... items) {
        for (CredentialItem item : items) {
          if (item instanceof CredentialItem.YesNoType yesNo) {
            yesNo.setValue(true);
          }
        }
        return true;
      }
    });
    try {
      String m = refusal("cache", GitCredentials.sshKey(SshGitServer.openSshPrivateKey(clientKey), Optional.empty(), ""));
      assertTrue(m.contains("host key of 127.0.0.1:" + server.port() + " is not in the known_hosts"), m);
    } finally {
      CredentialsProvider.setDefault(previous);
    }
  }

  /**
   * The user's home holds an {@code ~/.ssh} that would make every refusal below succeed if it were
   * read: the authorised key as the default identity, the server in {@code known_hosts}, and a
   * config turning host key checking off.
   */
  @Test
  void theUsersSshDirectoryIsNotConsulted() throws Exception {
    Path home = temp.resolve("home");
    Path dotSsh = Files.createDirectories(home.resolve(".ssh"));
    String authorizedKey = SshGitServer.openSshPrivateKey(clientKey);
    Files.writeString(dotSsh.resolve("id_ed25519"), authorizedKey);
    Files.writeString(dotSsh.resolve("id_rsa"), authorizedKey);
    Files.writeString(dotSsh.resolve("known_hosts"), server.knownHostsLine() + "\n");
    Files.writeString(dotSsh.resolve("config"), "Host *\n  StrictHostKeyChecking no\n  IdentityFile ~/.ssh/id_ed25519\n"
        + "  UserKnownHostsFile ~/.ssh/known_hosts\n  User git\n");
    String userHome = System.getProperty("user.home");
    File jgitHome = FS.DETECTED.userHome();
    Path sshdHome = PathUtils.getUserHomeFolder();
    System.setProperty("user.home", home.toString());
    FS.DETECTED.setUserHome(home.toFile());
    PathUtils.setUserHomeFolderResolver(() -> home);
    try {
      refusal("unknown-key", trusted(generate(KeyPairProvider.SSH_ED25519)));
      String otherHost = "[127.0.0.1]:" + (server.port() + 1) + " " + PublicKeyEntry.toString(server.hostKey().getPublic());
      refusal("unknown-host", GitCredentials.sshKey(authorizedKey, Optional.empty(), otherHost));
      try (GitSource git = source("cache", trusted(clientKey))) {
        assertEquals(first, git.resolve(url(), "HEAD").commit(), "the given key and known_hosts still work");
      }
      assertEquals(authorizedKey, Files.readString(dotSsh.resolve("id_ed25519")));
      assertEquals(server.knownHostsLine() + "\n", Files.readString(dotSsh.resolve("known_hosts")), "~/.ssh/known_hosts untouched");
    } finally {
      System.setProperty("user.home", userHome);
      FS.DETECTED.setUserHome(jgitHome);
      PathUtils.setUserHomeFolderResolver(() -> sshdHome);
    }
  }

  @Test
  void anEncryptedKeyOpensWithItsPassphraseAndNeverShowsIt() {
    KeyPair key = generate(KeyPairProvider.SSH_ED25519);
    server.authorize(key.getPublic());
    String encrypted = SshGitServer.openSshPrivateKey(key, "correct horse");
    try (GitSource git = source("cache", GitCredentials.sshKey(encrypted, Optional.of("correct horse"), server.knownHostsLine()))) {
      assertEquals(first, git.resolve(url(), "HEAD").commit());
    }
    server.commands.clear();
    String m = refusal("wrong", GitCredentials.sshKey(encrypted, Optional.of("battery staple"), server.knownHostsLine()));
    assertTrue(m.contains("could not be decrypted with the given passphrase"), m);
    assertFalse(m.contains("battery staple"), m);
    assertFalse(m.contains("correct horse"), m);
    m = refusal("none", GitCredentials.sshKey(encrypted, Optional.empty(), server.knownHostsLine()));
    assertTrue(m.contains("is encrypted and no passphrase was given"), m);
  }

  @Test
  void anUnreadableKeyIsRefusedWithoutQuotingIt() {
    String garbage = "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5IGF0IGFsbA==\n-----END OPENSSH PRIVATE KEY-----\n";
    try (GitSource git = source("cache", GitCredentials.sshKey(garbage, Optional.empty(), server.knownHostsLine()))) {
      RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, () -> git.resolve(url(), "HEAD"));
      assertFalse(e.getMessage().contains("bm90IGEga2V5"), e.getMessage());
      assertTrue(e.getMessage().contains(url()), e.getMessage());
    }
    assertEquals(List.of(), server.commands, "no Git command reached the server");
  }

  @Test
  void theScpLikeFormReachesPort22() {
    // git@host:path has no port: it always means port 22 (no ~/.ssh/config can map it elsewhere,
    // as that file is not read). Nothing of this test listens on 22; whatever answers there is
    // either nothing (refused) or a server whose host key is not trusted.
    String scpLike = "git@127.0.0.1:origin";
    try (GitSource git = source("cache", trusted(clientKey))) {
      RepositoryUnavailableException e = assertThrows(RepositoryUnavailableException.class, () -> git.resolve(scpLike, "HEAD"));
      assertEquals(scpLike, e.repoUrl());
      assertTrue(e.getMessage().contains(scpLike), e.getMessage());
    }
    assertEquals(List.of(), server.commands, "port " + server.port() + " was not asked");
  }
}
