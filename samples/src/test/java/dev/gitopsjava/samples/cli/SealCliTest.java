package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealingKey;
import dev.gitopsjava.secrets.sealed.SealingKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops seal} and {@code gitops unseal}: output, exit codes, one-line errors. */
class SealCliTest {
  private static final String SECRET = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: db
        namespace: shop
      type: Opaque
      stringData:
        password: hunter2-plaintext
      """;
  private static Path dir;
  private final InputStream originalIn = System.in;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void conformance() {
    dir = Conformance.dir("sealed-secrets").resolve("generated");
  }

  @AfterEach
  void restoreStdin() {
    System.setIn(originalIn);
  }

  private int run(String stdin, String... args) {
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private String oneErrorLine() {
    String text = err.toString().strip();
    assertFalse(text.isEmpty(), "an error line on stderr");
    assertEquals(1, text.lines().count(), text);
    return text;
  }

  @Test
  void sealWritesASealedSecretThatTheKeyUnseals() {
    int code = run(SECRET, "seal", "--cert", dir.resolve("sealing-cert.pem").toString(), "--scope", "namespace-wide");
    assertEquals(0, code, err.toString());
    String yaml = out.toString();
    assertTrue(yaml.startsWith("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"), yaml);
    assertFalse(yaml.contains("hunter2"), yaml);
    Manifest sealed = SealedSecrets.readSealedSecret(yaml, "stdout");
    assertEquals("true", sealed.annotation("sealedsecrets.bitnami.com/namespace-wide").orElseThrow());
    Manifest secret = SealedSecrets.unseal(sealed)
        .keys(SealingKeys.from(KeySource.file(dir.resolve("sealing-key.pem")))).call();
    assertEquals("hunter2-plaintext", new String(Base64.getDecoder().decode(
        secret.tree().path("data").path("password").asString()), StandardCharsets.UTF_8));
  }

  @Test
  void certCanBeFetchedFromAUrlAndJsonIsWrittenOnRequest() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] pem = Files.readAllBytes(dir.resolve("sealing-cert.pem"));
    server.createContext("/v1/cert.pem", exchange -> {
      exchange.sendResponseHeaders(200, pem.length);
      try (var body = exchange.getResponseBody()) {
        body.write(pem);
      }
    });
    server.start();
    try {
      String url = "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getAddress().getPort();
      assertEquals(0, run(SECRET, "seal", "--cert", url + "/v1/cert.pem", "-o", "json"), err.toString());
      assertTrue(out.toString().startsWith("{\"apiVersion\":\"bitnami.com/v1alpha1\""), out.toString());
      assertEquals(GitOpsCommand.BAD_INPUT, run(SECRET, "seal", "--cert", url + "/missing"));
      assertTrue(oneErrorLine().contains("HTTP 404"), err.toString());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void unsealWritesTheSecret() throws Exception {
    int code = run(Files.readString(dir.resolve("sealedsecret-strict.yaml")),
        "unseal", "--key", dir.resolve("sealing-key.pem").toString());
    assertEquals(0, code, err.toString());
    Manifest secret = Manifest.parse(out.toString());
    assertEquals("Secret", secret.key().kind());
    assertEquals("YWRtaW4=", secret.tree().path("data").path("username").asString());
  }

  @Test
  void unsealTriesEveryKeyInOrder(@TempDir Path tmp) throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong.pem"), otherKeyPem());
    int code = run(Files.readString(dir.resolve("sealedsecret-cluster-wide.yaml")),
        "unseal", "--key", wrong.toString(), "--key", dir.resolve("controller-key-secret.yaml").toString());
    assertEquals(0, code, err.toString());
  }

  @Test
  void unsealWithTheWrongKeyFailsWithOneLineNamingTheItem(@TempDir Path tmp) throws Exception {
    Path wrong = Files.writeString(tmp.resolve("wrong.pem"), otherKeyPem());
    int code = run(Files.readString(dir.resolve("sealedsecret-strict.yaml")), "unseal", "--key", wrong.toString());
    assertEquals(GitOpsCommand.BAD_INPUT, code);
    String line = oneErrorLine();
    assertTrue(line.contains("SealedSecret demo-ns/demo-secret") && line.contains("item '"), line);
    assertEquals("", out.toString());
  }

  @Test
  void tamperedSealedSecretFails() throws Exception {
    String yaml = Files.readString(dir.resolve("sealedsecret-strict.yaml"))
        .replace("username: AgAunZB/", "username: AgAunZC/");
    int code = run(yaml, "unseal", "--key", dir.resolve("sealing-key.pem").toString());
    assertEquals(GitOpsCommand.BAD_INPUT, code);
    assertTrue(oneErrorLine().contains("'username'"), err.toString());
  }

  @Test
  void badScopeIsAUsageError() {
    int code = run(SECRET, "seal", "--cert", dir.resolve("sealing-cert.pem").toString(), "--scope", "galaxy-wide");
    assertEquals(GitOpsCommand.BAD_INPUT, code);
    assertTrue(oneErrorLine().contains("galaxy-wide"), err.toString());
  }

  @Test
  void missingCertFlagIsAUsageError() {
    assertEquals(GitOpsCommand.BAD_INPUT, run(SECRET, "seal"));
    assertTrue(oneErrorLine().contains("--cert"), err.toString());
  }

  @Test
  void unreadableSecretNeverEchoesItsText() {
    int code = run("stringData: {password: 'hunter2\n", "seal", "--cert", dir.resolve("sealing-cert.pem").toString());
    assertEquals(GitOpsCommand.BAD_INPUT, code);
    assertFalse(oneErrorLine().contains("hunter2"), err.toString());
  }

  @Test
  void missingCertFileNamesTheFile(@TempDir Path tmp) {
    Path missing = tmp.resolve("nope.pem");
    assertEquals(GitOpsCommand.BAD_INPUT, run(SECRET, "seal", "--cert", missing.toString()));
    assertTrue(oneErrorLine().contains(missing.toString()), err.toString());
  }

  @Test
  void mergeIntoReplacesOneItemInPlace(@TempDir Path tmp) throws Exception {
    Path file = Files.copy(dir.resolve("sealedsecret-strict.yaml"), tmp.resolve("s.yaml"));
    String secret = "apiVersion: v1\nkind: Secret\nmetadata: {name: ignored}\nstringData: {password: changed}\n";
    assertEquals(0, run(secret, "seal", "--cert", dir.resolve("sealing-cert.pem").toString(),
        "--merge-into", file.toString()), err.toString());
    Manifest secretAgain = SealedSecrets.unseal(SealedSecrets.readSealedSecret(Files.readString(file), "s.yaml"))
        .keys(SealingKeys.from(KeySource.file(dir.resolve("sealing-key.pem")))).call();
    assertEquals("Y2hhbmdlZA==", secretAgain.tree().path("data").path("password").asString());
    assertEquals("YWRtaW4=", secretAgain.tree().path("data").path("username").asString());
  }

  private static String otherKey;

  /** A key that is not the controller's; generated once, since RSA key generation is slow. */
  private static synchronized String otherKeyPem() {
    if (otherKey == null) {
      otherKey = SealingKey.generate(2048, Duration.ofDays(1), Clock.systemUTC(), new SecureRandom()).privateKeyPem();
    }
    return otherKey;
  }
}
