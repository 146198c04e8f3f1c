package dev.gitopsjava.secrets.sopsapi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import dev.gitopsjava.secrets.age.AgeRecipient;
import dev.gitopsjava.secrets.sops.Sops;
import dev.gitopsjava.secrets.sops.SopsAgeIdentities;
import dev.gitopsjava.secrets.sops.SopsDocument;
import dev.gitopsjava.secrets.sops.SopsEncryptor;
import dev.gitopsjava.secrets.sops.SopsFormat;
import dev.gitopsjava.secrets.sops.SopsManifestFilter;
import dev.gitopsjava.secrets.sops.SopsRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Javadoc examples of the SOPS entry points, run as a user would: public API only. */
class SopsApiExamplesTest {
  private static final String SECRET_YAML = """
      apiVersion: v1
      kind: Secret
      metadata:
          name: db
      stringData:
          password: hunter2
      """;

  @TempDir Path tmp;

  @Test
  void sopsClassExample() throws IOException {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    Path keyFile = tmp.resolve("keys.txt");
    Files.writeString(keyFile, keys.identityFileText(Instant.now()));
    Path file = tmp.resolve("secret.yaml");
    Files.writeString(file, SECRET_YAML);
    byte[] plain = Files.readAllBytes(file);

    // Sops class Javadoc
    byte[] sealed = Sops.encrypt(plain, SopsFormat.YAML,
        SopsRules.encryptedRegex("^(data|stringData)$"), List.of(AgeRecipient.parse(keys.recipient().toString())));
    List<AgeIdentity> ids = SopsAgeIdentities.fromEnvironment(Map.of("SOPS_AGE_KEY_FILE", keyFile.toString()));
    byte[] opened = Sops.decrypt(sealed, SopsFormat.forFileName(file.toString()), ids);

    assertFalse(new String(sealed, UTF_8).contains("hunter2"));
    assertEquals(SECRET_YAML, new String(opened, UTF_8));

    // SopsDocument Javadoc
    SopsDocument doc = SopsDocument.read(sealed, SopsFormat.YAML);
    List<String> recipients = doc.metadata().recipients();
    assertEquals(List.of(keys.recipient().toString()), recipients);
  }

  @Test
  void encryptorAndFilterExamples() {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    // SopsEncryptor Javadoc
    SopsEncryptor encryptor = SopsEncryptor.builder()
        .recipients(List.of(keys.recipient()))
        .rules(SopsRules.encryptedRegex("^(data|stringData)$"))
        .build();
    byte[] encrypted = encryptor.encrypt(SECRET_YAML.getBytes(UTF_8), SopsFormat.YAML);

    // SopsManifestFilter Javadoc
    ManifestFilter sops = SopsManifestFilter.builder().identities(List.of(keys.identity())).build();
    List<Manifest> rendered = sops.filter(List.of(Manifest.parse(new String(encrypted, UTF_8))),
        new RenderContext("", "", "", ""));
    assertEquals("hunter2", rendered.get(0).tree().get("stringData").get("password").asString());
    assertTrue(rendered.get(0).tree().get("sops") == null);
  }
}
