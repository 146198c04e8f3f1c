package dev.gitopsjava.secrets.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gitopsjava.core.testing.Conformance;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reading the controller's private keys from PEM and from key Secrets. */
class SealingKeysTest {
  private static Path dir;
  private static SealingKey pkcs1;

  @BeforeAll
  static void load() {
    dir = Conformance.dir("sealed-secrets").resolve("generated");
    pkcs1 = SealingKeys.from(KeySource.file(dir.resolve("sealing-key.pem"))).newest();
  }

  @Test
  void pkcs8PemReadsToTheSameKey() {
    String pkcs8 = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs1.privateKey().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    SealingKey key = SealingKeys.from(KeySource.of("pkcs8", KeyMaterial.ofText("pkcs8", pkcs8))).newest();
    assertEquals(pkcs1.privateKey().getModulus(), key.privateKey().getModulus());
    assertEquals(pkcs1.publicKey(), key.publicKey());
  }

  @Test
  void pemWithKeyAndCertificatePairsThem() throws Exception {
    String both = Files.readString(dir.resolve("sealing-key.pem")) + Files.readString(dir.resolve("sealing-cert.pem"));
    SealingKey key = SealingKeys.from(KeySource.of("both", KeyMaterial.ofText("both", both))).newest();
    assertTrue(key.certificate().isPresent());
    assertTrue(pkcs1.certificate().isEmpty(), "a bare key has no certificate");
  }

  @Test
  void keySecretsAreOrderedNewestCertificateFirst() throws Exception {
    SealingKey older = SealingKeys.from(KeySource.file(dir.resolve("controller-key-secret.yaml"))).newest();
    String secretYaml = Files.readString(dir.resolve("controller-key-secret.yaml"));
    String list = "apiVersion: v1\nkind: List\nitems:\n- " + secretYaml.replace("\n", "\n  ").strip() + "\n";
    SealingKeys one = SealingKeys.from(KeySource.of("list", KeyMaterial.ofText("list", list)));
    assertEquals(1, one.keys().size());
    assertEquals(older.certificate(), one.newest().certificate());
    assertTrue(one.newest().origin().contains("kube-system/sealed-secrets-keyx7k2q"), one.newest().origin());
  }

  @Test
  void garbageAndEncryptedKeysAreRefusedNamingTheSource() {
    KeyMaterialException garbage = assertThrows(KeyMaterialException.class,
        () -> SealingKeys.from(KeySource.of("g", KeyMaterial.ofText("file junk.pem", "not a key: [\n"))));
    assertTrue(garbage.getMessage().startsWith("file junk.pem"), garbage.getMessage());
    String encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n";
    KeyMaterialException e = assertThrows(KeyMaterialException.class,
        () -> SealingKeys.from(KeySource.of("e", KeyMaterial.ofText("file enc.pem", encrypted))));
    assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
    KeyMaterialException certOnly = assertThrows(KeyMaterialException.class,
        () -> SealingKeys.from(KeySource.file(dir.resolve("sealing-cert.pem"))));
    assertTrue(certOnly.getMessage().contains("no private key"), certOnly.getMessage());
  }

  @Test
  void toStringNeverShowsKeyMaterial() {
    String pem = pkcs1.privateKeyPem();
    String body = pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertFalse(pkcs1.toString().contains(body));
    assertTrue(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----"), "PKCS#1, as the controller stores it");
    assertEquals("SealingKeys[1 keys]", SealingKeys.of(pkcs1).toString());
  }

  @Test
  void parsedPemObjectsPrintCountsNotKeys() throws Exception {
    String pem = Files.readString(dir.resolve("sealing-key.pem"))
        + Files.readString(dir.resolve("sealing-cert.pem"));
    PemObjects objects = PemObjects.parse(pem, "key+cert");
    String shown = objects.toString();
    java.security.interfaces.RSAPrivateCrtKey key =
        (java.security.interfaces.RSAPrivateCrtKey) objects.privateKeys().get(0);
    assertFalse(shown.contains(key.toString()), shown);
    assertFalse(shown.contains(key.getPrivateExponent().toString()), shown);
    assertFalse(shown.contains(key.getPrivateExponent().toString(16)), shown);
    assertFalse(shown.contains(key.getPrimeP().toString(16)), shown);
    assertEquals("PemObjects[1 private keys, 1 certificates]", shown);
  }
}
