package dev.gitopsjava.secrets.sops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The filter against Flux kustomize-controller's own encrypted Secrets (conformance/sops). */
class SopsManifestFilterTest {
  private static final RenderContext CONTEXT = new RenderContext("app", "https://example.invalid/repo.git",
      "0123456789012345678901234567890123456789", "secrets");

  private static Path flux() {
    return Conformance.dir("sops").resolve("fluxcd-kustomize-controller");
  }

  private static List<AgeIdentity> fluxIdentities() throws IOException {
    List<AgeIdentity> ids = new ArrayList<>();
    for (String k : List.of("age.txt", "age-global.txt", "age-pq.txt")) {
      ids.addAll(AgeIdentity.readIdentityFile(flux().resolve("keys").resolve(k)));
    }
    return ids;
  }

  private static Manifest manifest(String file) throws IOException {
    return Manifest.parse(Files.readString(flux().resolve(file)), new ManifestOrigin(file, 0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "age.yaml, age, key, value",
      "merge1.yaml, secret, key, merge1",
      "merge2.yaml, secret, merge2, merge2",
      "global-secret.yaml, global-age-secret, key, global-value",
      "age-pq.yaml, age-pq, key, value"})
  void decryptsFluxSecrets(String file, String name, String key, String value) throws IOException {
    SopsManifestFilter filter = SopsManifestFilter.builder().identities(fluxIdentities()).build();
    List<Manifest> out = filter.filter(List.of(manifest(file)), CONTEXT);
    assertEquals(1, out.size());
    Manifest m = out.get(0);
    assertFalse(m.tree().has("sops"), "the sops block is removed");
    assertEquals(name, m.key().name());
    assertEquals("Secret", m.key().kind());
    assertEquals(value, m.tree().get("stringData").get(key).asString());
    assertEquals(file, m.origin().file());
  }

  @Test
  void plainManifestsPassUnchanged() {
    Manifest plain = Manifest.parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  sops: x\n");
    SopsManifestFilter filter = SopsManifestFilter.builder().identities(List.of()).build();
    assertSame(plain, filter.filter(List.of(plain), CONTEXT).get(0));
  }

  @Test
  void wrongKeyStopsTheRenderNamingTheManifest() throws IOException {
    SopsManifestFilter filter = SopsManifestFilter.builder()
        .identities(List.of(AgeKeyPair.generate(new SecureRandom()).identity())).build();
    Manifest m = manifest("age.yaml");
    GitOpsException e = assertThrows(GitOpsException.class, () -> filter.filter(List.of(m), CONTEXT));
    assertTrue(e.getMessage().contains("age.yaml"), e.getMessage());
    assertTrue(e.getMessage().contains("Secret"), e.getMessage());
    assertInstanceOf(SopsKeyException.class, e.getCause());
  }

  @Test
  void tamperedValueStopsTheRenderNamingThePath() throws IOException {
    String text = Files.readString(flux().resolve("age.yaml"));
    // Change a clear-text value covered by the MAC.
    Manifest m = Manifest.parse(text.replace("name: age", "name: other"), new ManifestOrigin("age.yaml", 0));
    SopsManifestFilter filter = SopsManifestFilter.builder().identities(fluxIdentities()).build();
    GitOpsException e = assertThrows(GitOpsException.class, () -> filter.filter(List.of(m), CONTEXT));
    SopsIntegrityException cause = assertInstanceOf(SopsIntegrityException.class, e.getCause());
    assertEquals("sops:mac:", cause.path());
  }

  @Test
  void roundTripsWhatSopsEncryptorWrites() {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  labels:\n    enabled: \"on\"\n"
        + "stringData:\n  password: hunter2\n  port: \"5432\"\n";
    byte[] enc = SopsEncryptor.builder().recipients(List.of(keys.recipient()))
        .rules(SopsRules.encryptedRegex("^(data|stringData)$")).build()
        .encrypt(secret.getBytes(UTF_8), SopsFormat.YAML);
    Manifest m = Manifest.parse(new String(enc, UTF_8));
    List<Manifest> out = SopsManifestFilter.builder().identities(List.of(keys.identity())).build()
        .filter(List.of(m), CONTEXT);
    assertEquals(Manifest.parse(secret).tree(), out.get(0).tree());
  }

  @Test
  void environmentBuilderReadsSopsAgeKeyFile() throws IOException {
    SopsManifestFilter filter = SopsManifestFilter.builder()
        .environment(Map.of("SOPS_AGE_KEY_FILE", flux().resolve("keys/age.txt").toString())).build();
    assertEquals("value", filter.filter(List.of(manifest("age.yaml")), CONTEXT).get(0)
        .tree().get("stringData").get("key").asString());
  }

  @Test
  void isFoundByServiceLoader() {
    boolean found = ServiceLoader.load(ManifestFilter.class).stream()
        .anyMatch(p -> p.type() == SopsManifestFilter.class);
    assertTrue(found);
  }
}
