package dev.gitopsjava.secrets.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.spi.ManifestFilter;
import dev.gitopsjava.core.spi.RenderContext;
import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeySource;
import dev.gitopsjava.secrets.SealingTarget;
import dev.gitopsjava.secrets.SecretSealer;
import dev.gitopsjava.secrets.SecretSealers;
import dev.gitopsjava.secrets.age.Age;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeKeyPair;
import dev.gitopsjava.secrets.age.AgeRecipient;
import dev.gitopsjava.secrets.sealed.ControllerCertificate;
import dev.gitopsjava.secrets.sealed.SealedSecrets;
import dev.gitopsjava.secrets.sealed.SealingKeys;
import dev.gitopsjava.secrets.sealed.SealingScope;
import dev.gitopsjava.secrets.sops.Sops;
import dev.gitopsjava.secrets.sops.SopsAgeIdentities;
import dev.gitopsjava.secrets.sops.SopsDocument;
import dev.gitopsjava.secrets.sops.SopsEncryptor;
import dev.gitopsjava.secrets.sops.SopsFormat;
import dev.gitopsjava.secrets.sops.SopsManifestFilter;
import dev.gitopsjava.secrets.sops.SopsRules;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Javadoc examples of gitops-secrets' entry points, run from outside the library's packages
 * (public API only). Each example is copied as written; a file name points at a fixture (the
 * conformance files made by the real {@code age}, {@code sops} and Sealed Secrets tools, or a temp
 * file), a placeholder recipient {@code "age1..."} at a generated key, and {@code System.getenv()}
 * at an environment map. The cluster examples (ControllerCertificate, SealedSecretsController) run
 * in {@code JavadocExamplesIT}.
 */
class JavadocExamplesTest {
  private static final String SECRET_YAML = """
      apiVersion: v1
      kind: Secret
      metadata:
          name: db
          namespace: shop
      stringData:
          password: hunter2
      """;

  @TempDir Path temp;

  private static Path ageCli() {
    return Conformance.dir("age-extra").resolve("debian-age-1.1.1-cli");
  }

  private static Path fluxSops() {
    return Conformance.dir("sops").resolve("fluxcd-kustomize-controller");
  }

  private static Path sealedSecretsKeys() {
    return Conformance.dir("sealed-secrets").resolve("generated");
  }

  private static Manifest secret() {
    return Manifest.parse("""
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: shop}
        stringData: {password: s3cret}
        """);
  }

  // Age's Javadoc example: in memory, then streamed to a file.
  @Test
  void age() throws Exception {
    Path target = temp.resolve("backup.tar.age");
    byte[] large = new byte[200 * 1024];   // several 64 KiB chunks
    new Random(7).nextBytes(large);
    InputStream source = new ByteArrayInputStream(large);
    AgeKeyPair generated = AgeKeyPair.generate(new SecureRandom());
    List<AgeRecipient> recipients = List.of(generated.recipient());
    // Age's Javadoc:
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    byte[] sealed = Age.encrypt("hello".getBytes(UTF_8), List.of(keys.recipient()), true);
    byte[] opened = Age.decrypt(sealed, List.of(keys.identity()));

    try (OutputStream file = Files.newOutputStream(target);
         OutputStream encrypting = Age.encrypt(file, recipients, false)) {
      source.transferTo(encrypting);              // constant memory, any size
    }

    assertEquals("hello", new String(opened, UTF_8));
    assertTrue(new String(sealed, UTF_8).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"), "armored");
    byte[] file = Files.readAllBytes(target);
    assertTrue(new String(file, 0, 21, UTF_8).equals("age-encryption.org/v1"), "binary age file");
    assertArrayEquals(large, Age.decrypt(file, List.of(generated.identity())));
  }

  // AgeKeyPair's Javadoc example: the key file age-keygen would write, and the public key to share.
  @Test
  void ageKeyPair() throws Exception {
    Path keyFile = temp.resolve("key.txt");
    // AgeKeyPair's Javadoc:
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    Files.writeString(keyFile, keys.identityFileText(Instant.now()));   // keep it secret
    String publicKey = keys.recipient().toString();                     // age1…, share it

    assertTrue(publicKey.startsWith("age1"), publicKey);
    assertTrue(Files.readString(keyFile).contains("# public key: " + publicKey + "\n"));
    List<AgeIdentity> read = AgeIdentity.readIdentityFile(keyFile);
    byte[] sealed = Age.encrypt("to the shared key".getBytes(UTF_8), List.of(AgeRecipient.parse(publicKey)), false);
    assertEquals("to the shared key", new String(Age.decrypt(sealed, read), UTF_8));
  }

  // AgeIdentity's Javadoc example: a key file and a file made by the age command line (1.1.1).
  @Test
  void ageIdentity() throws Exception {
    byte[] sealed = Files.readAllBytes(ageCli().resolve("plain.txt.age"));
    // AgeIdentity's Javadoc ("key.txt" is age-keygen's output in the conformance files):
    List<AgeIdentity> ids = AgeIdentity.readIdentityFile(ageCli().resolve("key.txt"));
    byte[] secret = Age.decrypt(sealed, ids);

    assertEquals("hello sealed world\n", new String(secret, UTF_8));
    assertEquals(List.of("age1cyh4jrywdjs8ammd6kc9ed79t4mrf4fnnt9vzz3hsq3vprkp33eqgzknt4"),
        ids.stream().map(id -> id.recipient().toString()).toList());
  }

  // AgeRecipient's Javadoc example: the recipient is the age CLI's key, so its key file opens the result.
  @Test
  void ageRecipient() throws Exception {
    byte[] secret = "s3cret".getBytes(UTF_8);
    // AgeRecipient's Javadoc:
    AgeRecipient alice = AgeRecipient.parse("age1cyh4jrywdjs8ammd6kc9ed79t4mrf4fnnt9vzz3hsq3vprkp33eqgzknt4");
    byte[] sealed = Age.encrypt(secret, List.of(alice), true);

    assertEquals("age1cyh4jrywdjs8ammd6kc9ed79t4mrf4fnnt9vzz3hsq3vprkp33eqgzknt4", alice.toString());
    assertTrue(new String(sealed, UTF_8).startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"), "armored");
    assertArrayEquals(secret, Age.decrypt(sealed, AgeIdentity.readIdentityFile(ageCli().resolve("key.txt"))));
  }

  // Sops' Javadoc example: decrypts a file made by sops 3.9.0 (Flux's test data), then encrypts the plaintext again.
  @Test
  void sops() throws Exception {
    Path file = temp.resolve("age.yaml");
    Files.copy(fluxSops().resolve("age.yaml"), file);
    Map<String, String> environment = Map.of(SopsAgeIdentities.SOPS_AGE_KEY_FILE,
        fluxSops().resolve("keys/age.txt").toString());
    AgeKeyPair ours = AgeKeyPair.generate(new SecureRandom());
    String recipient = ours.recipient().toString();
    // Sops' Javadoc (System.getenv() is the map above, "age1..." a generated key):
    List<AgeIdentity> ids = SopsAgeIdentities.fromEnvironment(environment);
    byte[] plain = Sops.decrypt(Files.readAllBytes(file), SopsFormat.forFileName(file.toString()), ids);

    byte[] sealed = Sops.encrypt(plain, SopsFormat.YAML,
        SopsRules.encryptedRegex("^(data|stringData)$"), List.of(AgeRecipient.parse(recipient)));

    assertEquals("""
        apiVersion: v1
        kind: Secret
        metadata:
            name: age
        stringData:
            key: value
        """, new String(plain, UTF_8), "as sops writes YAML: four-space indents");
    assertFalse(new String(sealed, UTF_8).contains("key: value"));
    assertArrayEquals(plain, Sops.decrypt(sealed, SopsFormat.YAML, List.of(ours.identity())));
  }

  // SopsRules' Javadoc example: anchored, so only the keys data and stringData (and all below them) are encrypted.
  @Test
  void sopsRules() {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    byte[] plain = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: db
          annotations:
            mydata: visible
        stringData:
          password: hunter2
        """.getBytes(UTF_8);
    // SopsRules' Javadoc:
    SopsRules secretData = SopsRules.encryptedRegex("^(data|stringData)$");

    String sealed = new String(Sops.encrypt(plain, SopsFormat.YAML, secretData, List.of(keys.recipient())), UTF_8);
    assertTrue(sealed.contains("name: db"), sealed);
    assertTrue(sealed.contains("mydata: visible"), "the anchors keep 'mydata' in clear text: " + sealed);
    assertTrue(sealed.contains("password: ENC[AES256_GCM,"), sealed);
    assertTrue(sealed.contains("encrypted_regex: ^(data|stringData)$"), sealed);
  }

  // SopsDocument's Javadoc example: the recipients of a file made by sops 3.9.0, read without a key.
  @Test
  void sopsDocument() throws Exception {
    byte[] bytes = Files.readAllBytes(fluxSops().resolve("age.yaml"));
    // SopsDocument's Javadoc:
    SopsDocument doc = SopsDocument.read(bytes, SopsFormat.YAML);
    List<String> recipients = doc.metadata().recipients();

    assertEquals(List.of("age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29"), recipients);
  }

  // SopsEncryptor's Javadoc example ("age1..." is a generated key).
  @Test
  void sopsEncryptor() {
    AgeKeyPair keys = AgeKeyPair.generate(new SecureRandom());
    String recipient = keys.recipient().toString();
    byte[] secretYaml = SECRET_YAML.getBytes(UTF_8);
    // SopsEncryptor's Javadoc:
    SopsEncryptor encryptor = SopsEncryptor.builder()
        .recipients(List.of(AgeRecipient.parse(recipient)))
        .rules(SopsRules.encryptedRegex("^(data|stringData)$"))
        .build();
    byte[] encrypted = encryptor.encrypt(secretYaml, SopsFormat.YAML);

    String text = new String(encrypted, UTF_8);
    assertFalse(text.contains("hunter2"), text);
    assertTrue(text.contains("password: ENC[AES256_GCM,") && text.contains("recipient: " + recipient), text);
    assertTrue(text.contains("    name: db\n"), "metadata stays readable: " + text);
    assertEquals(List.of(recipient), SopsDocument.read(encrypted, SopsFormat.YAML).metadata().recipients());
    assertEquals(SECRET_YAML, new String(Sops.decrypt(encrypted, SopsFormat.YAML, List.of(keys.identity())), UTF_8));
  }

  // SopsManifestFilter's Javadoc example: a Secret encrypted by sops 3.9.0 comes out in plaintext.
  @Test
  void sopsManifestFilter() throws Exception {
    Manifest encrypted = Manifest.parse(Files.readString(fluxSops().resolve("age.yaml")));
    Manifest plain = Manifest.parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {currency: EUR}
        """);
    // SopsManifestFilter's Javadoc ("/etc/gitops/age.txt" is the key file of the conformance files):
    ManifestFilter sops = SopsManifestFilter.builder()
        .identities(AgeIdentity.readIdentityFile(fluxSops().resolve("keys/age.txt")))
        .build();

    List<Manifest> rendered = sops.filter(List.of(encrypted, plain), new RenderContext("app", "", "", ""));
    assertEquals("value", rendered.get(0).tree().path("stringData").path("key").asString());
    assertTrue(rendered.get(0).tree().path("sops").isMissingNode(), "the sops block is gone");
    assertEquals(plain, rendered.get(1), "a manifest without a sops block passes unchanged");
  }

  // SealedSecrets' Javadoc example: seal with the certificate, unseal with the private key.
  @Test
  void sealedSecrets() {
    Manifest secret = secret();
    // SealedSecrets' Javadoc ("cert.pem" and "key.pem" are the conformance key pair):
    ControllerCertificate cert = ControllerCertificate.read(KeySource.file(sealedSecretsKeys().resolve("sealing-cert.pem")));
    Manifest sealed = SealedSecrets.seal(secret).certificate(cert).scope(SealingScope.STRICT).call();
    String yaml = SealedSecrets.toYaml(sealed);               // as kubeseal --format yaml writes it

    SealingKeys keys = SealingKeys.from(KeySource.file(sealedSecretsKeys().resolve("sealing-key.pem")));
    Manifest secretAgain = SealedSecrets.unseal(sealed).keys(keys).call();

    assertTrue(yaml.startsWith("apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n"), yaml);
    assertFalse(yaml.contains("s3cret"), yaml);
    assertEquals("czNjcmV0", secretAgain.tree().path("data").path("password").asString());
  }

  // SecretSealer's Javadoc example: the sealed-secrets sealer found by the ServiceLoader.
  @Test
  void secretSealer() {
    Manifest secret = secret();
    // SecretSealer's Javadoc ("cert.pem" is the conformance certificate):
    SecretSealer sealer = SecretSealers.load().sealer("sealed-secrets").orElseThrow();
    Manifest sealed = sealer.seal(secret, SealingTarget.of(KeySource.file(sealedSecretsKeys().resolve("sealing-cert.pem"))));

    assertEquals("bitnami.com/v1alpha1 SealedSecret shop/db",
        sealed.key().apiVersion() + " " + sealed.key().kind() + " " + sealed.key().namespace() + "/" + sealed.key().name());
    assertFalse(sealed.toYaml().contains("s3cret"));
    Manifest opened = SealedSecrets.unseal(sealed)
        .keys(SealingKeys.from(KeySource.file(sealedSecretsKeys().resolve("sealing-key.pem")))).call();
    assertEquals("czNjcmV0", opened.tree().path("data").path("password").asString());
  }

  // SecretSealers' Javadoc example: seal, then open with the opener of the sealed manifest's format.
  @Test
  void secretSealers() {
    Manifest secret = secret();
    SealingTarget target = SealingTarget.of(KeySource.file(sealedSecretsKeys().resolve("sealing-cert.pem")));
    KeySource privateKeys = KeySource.file(sealedSecretsKeys().resolve("sealing-key.pem"));
    // SecretSealers' Javadoc:
    SecretSealers sealers = SecretSealers.load();
    Manifest sealed = sealers.sealer("sealed-secrets").orElseThrow().seal(secret, target);
    Manifest plain = sealers.openerFor(sealed).orElseThrow().open(sealed, privateKeys);

    assertEquals("SealedSecret", sealed.key().kind());
    assertEquals("Secret", plain.key().kind());
    assertEquals("czNjcmV0", plain.tree().path("data").path("password").asString());
  }
}
