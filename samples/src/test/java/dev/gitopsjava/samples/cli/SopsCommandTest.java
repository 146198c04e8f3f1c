package dev.gitopsjava.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gitops sops encrypt|decrypt}: output, environment, exit codes, one-line errors. */
class SopsCommandTest {
  private static final AgeKeyPair KEYS = AgeKeyPair.generate(new SecureRandom());
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path tmp;

  private int run(Map<String, String> env, String... args) {
    CommandLine cl = GitOpsCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    ((SopsCommand) cl.getSubcommands().get("sops").getCommand()).environment(env);
    return cl.execute(args);
  }

  private static Path sops(String file) {
    return Conformance.dir("sops").resolve(file);
  }

  private void assertOneLineError(int code) {
    assertEquals(GitOpsCommand.BAD_INPUT, code);
    assertEquals("", out.toString());
    assertEquals(1, err.toString().strip().lines().count(), err.toString());
    assertTrue(err.toString().startsWith("gitops: "), err.toString());
  }

  @Test
  void decryptsWithSopsAgeKeyFile() {
    int code = run(Map.of("SOPS_AGE_KEY_FILE", sops("getsops-pr1031/keys.txt").toString()),
        "sops", "decrypt", sops("getsops-pr1031/example.yaml").toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("myapp1: t00m4nys3cr3tzupdated"), out.toString());
    assertTrue(out.toString().contains("# private key for secret operations in app2"));
    assertFalse(out.toString().contains("sops:"));
  }

  @Test
  void decryptsJsonWithSopsAgeKey() throws IOException {
    String key = Files.readString(sops("fluxcd-kustomize-controller/keys/age.txt"));
    int code = run(Map.of("SOPS_AGE_KEY", key), "sops", "decrypt",
        sops("fluxcd-kustomize-controller/file.txt").toString());
    assertEquals(0, code, err.toString());
    assertEquals("value", out.toString());
  }

  @Test
  void withoutIdentitiesFailsInOneLine() {
    assertOneLineError(run(Map.of(), "sops", "decrypt", sops("getsops-pr1031/example.yaml").toString()));
    assertTrue(err.toString().contains("SOPS_AGE_KEY"), err.toString());
  }

  @Test
  void wrongKeyFailsInOneLineNamingTheFile() {
    String other = KEYS.identityFileText(Instant.EPOCH);
    assertOneLineError(run(Map.of("SOPS_AGE_KEY", other), "sops", "decrypt",
        sops("getsops-pr1031/example.json").toString()));
    assertTrue(err.toString().contains("example.json"), err.toString());
  }

  @Test
  void tamperedFileFailsNamingThePathAndPrintsNothing() throws IOException {
    Path f = tmp.resolve("secret.yaml");
    Files.writeString(f, Files.readString(sops("fluxcd-kustomize-controller/age.yaml"))
        .replace("name: age", "name: evil"));
    assertOneLineError(run(Map.of("SOPS_AGE_KEY_FILE",
        sops("fluxcd-kustomize-controller/keys/age.txt").toString()), "sops", "decrypt", f.toString()));
    assertTrue(err.toString().contains("MAC"), err.toString());
  }

  @Test
  void encryptsToStdoutAndDecryptsBack() throws IOException {
    Path plain = tmp.resolve("s.yaml");
    Files.writeString(plain, "stringData:\n    password: hunter2\nname: keep\n");
    int code = run(Map.of(), "sops", "encrypt", "--age", KEYS.recipient().toString(),
        "--encrypted-regex", "^stringData$", plain.toString());
    assertEquals(0, code, err.toString());
    String encrypted = out.toString();
    assertFalse(encrypted.contains("hunter2"));
    assertTrue(encrypted.contains("name: keep"));
    assertTrue(encrypted.contains("encrypted_regex: ^stringData$"));

    Path enc = tmp.resolve("s.enc.yaml");
    Files.writeString(enc, encrypted);
    out.getBuffer().setLength(0);
    code = run(Map.of("SOPS_AGE_KEY", KEYS.identityFileText(Instant.EPOCH)), "sops", "decrypt", enc.toString());
    assertEquals(0, code, err.toString());
    assertEquals("stringData:\n    password: hunter2\nname: keep\n", out.toString());
  }

  @Test
  void encryptsInPlaceWithRecipientsFromTheEnvironment() throws IOException {
    Path plain = tmp.resolve("s.json");
    Files.writeString(plain, "{\"password\": \"hunter2\"}");
    int code = run(Map.of("SOPS_AGE_RECIPIENTS", KEYS.recipient().toString()), "sops", "encrypt", "-i",
        plain.toString());
    assertEquals(0, code, err.toString());
    String text = Files.readString(plain, StandardCharsets.UTF_8);
    assertTrue(text.contains("\"sops\""), text);
    assertFalse(text.contains("hunter2"));
    try (var files = Files.list(tmp)) {
      assertEquals(1, files.count(), "no temporary file left behind");
    }
  }

  @Test
  void badFlagsFailInOneLine() throws IOException {
    Path plain = tmp.resolve("s.yaml");
    Files.writeString(plain, "a: b\n");
    assertOneLineError(run(Map.of(), "sops", "encrypt", "--age", KEYS.recipient().toString(),
        "--encrypted-regex", "a", "--unencrypted-suffix", "_x", plain.toString()));
    err.getBuffer().setLength(0);
    assertOneLineError(run(Map.of(), "sops", "encrypt", "--age", "age1notarecipient", plain.toString()));
    err.getBuffer().setLength(0);
    assertOneLineError(run(Map.of(), "sops", "encrypt", plain.toString()));
    err.getBuffer().setLength(0);
    assertOneLineError(run(Map.of(), "sops", "encrypt", "--age", KEYS.recipient().toString(),
        "--encrypted-regex", "(", plain.toString()));
    err.getBuffer().setLength(0);
    assertOneLineError(run(Map.of(), "sops", "decrypt", tmp.resolve("missing.yaml").toString()));
  }

  @Test
  void refusesToEncryptAnAlreadyEncryptedFile() {
    assertOneLineError(run(Map.of(), "sops", "encrypt", "--age", KEYS.recipient().toString(),
        sops("fluxcd-kustomize-controller/age.yaml").toString()));
    assertTrue(err.toString().contains("already encrypted"), err.toString());
  }
}
