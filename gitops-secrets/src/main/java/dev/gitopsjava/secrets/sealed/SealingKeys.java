package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The controller's private keys, newest first. The ciphertext names no key, so unsealing tries them
 * all; sealing uses the newest.
 *
 * <p>Reads PEM private keys (PKCS#1 {@code RSA PRIVATE KEY} or PKCS#8 {@code PRIVATE KEY}) and the
 * controller's key Secrets ({@code kubernetes.io/tls}, {@code data["tls.key"]} and
 * {@code data["tls.crt"]}) as YAML or JSON, one or several documents or a {@code v1 List}, like
 * {@code kubeseal --recovery-private-key}.
 */
public final class SealingKeys {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final List<SealingKey> keys;

  private SealingKeys(List<SealingKey> keys) {
    this.keys = List.copyOf(keys);
  }

  /** Keys in the order given (newest first). */
  public static SealingKeys of(List<SealingKey> keys) {
    Objects.requireNonNull(keys, "keys");
    return new SealingKeys(keys);
  }

  /** Keys in the order given (newest first). */
  public static SealingKeys of(SealingKey... keys) {
    return new SealingKeys(List.of(keys));
  }

  /**
   * Reads every key in {@code source}: pieces of material in order; within a dump of key Secrets,
   * newest certificate first (the controller's default key order).
   *
   * @throws KeyMaterialException if a piece holds no private key or cannot be read
   */
  public static SealingKeys from(KeySource source) {
    List<SealingKey> out = new ArrayList<>();
    for (KeyMaterial material : source.keys()) {
      out.addAll(parse(material.text(), material.origin()));
    }
    if (out.isEmpty()) {
      throw new KeyMaterialException(source.description(), "no private keys");
    }
    return new SealingKeys(out);
  }

  /** Reads the keys in one piece of text (PEM, or key Secret YAML/JSON). */
  static List<SealingKey> parse(String text, String origin) {
    // A key Secret holds its PEM base64-encoded, so BEGIN lines mean bare PEM.
    List<SealingKey> keys = PemObjects.looksLikePem(text) ? fromPem(text, origin) : fromSecrets(text, origin);
    if (keys.isEmpty()) {
      throw new KeyMaterialException(origin, "no private key found");
    }
    return keys;
  }

  private static List<SealingKey> fromPem(String pem, String origin) {
    PemObjects objects = PemObjects.parse(pem, origin);
    List<SealingKey> keys = new ArrayList<>();
    for (PrivateKey key : objects.privateKeys()) {
      keys.add(SealingKey.of(key, matchingCertificate(key, objects.certificates()), origin));
    }
    return keys;
  }

  private static @Nullable ControllerCertificate matchingCertificate(PrivateKey key, List<ControllerCertificate> certs) {
    if (!(key instanceof java.security.interfaces.RSAPrivateKey rsa)) {
      return null;
    }
    for (ControllerCertificate cert : certs) {
      if (cert.publicKey().getModulus().equals(rsa.getModulus())) {
        return cert;
      }
    }
    return null;
  }

  private static List<SealingKey> fromSecrets(String text, String origin) {
    List<JsonNode> secrets = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc == null || !doc.isObject()) {
          continue;
        }
        if (doc.path("items").isArray()) {
          doc.path("items").forEach(secrets::add);
        } else {
          secrets.add(doc);
        }
      }
    } catch (JacksonException e) {
      throw new KeyMaterialException(origin, "neither PEM nor a readable key Secret (YAML/JSON)");
    }
    List<SealingKey> keys = new ArrayList<>();
    for (JsonNode secret : secrets) {
      String name = secret.path("metadata").path("namespace").asString("") + "/"
          + secret.path("metadata").path("name").asString("");
      String where = origin + " Secret " + name;
      JsonNode tlsKey = secret.path("data").path("tls.key");
      if (!tlsKey.isString()) {
        continue;
      }
      String keyPem = decode(tlsKey.asString(), where + " data.tls.key");
      PemObjects keyObjects = PemObjects.parse(keyPem, where + " data.tls.key");
      if (keyObjects.privateKeys().isEmpty()) {
        throw new KeyMaterialException(where, "data.tls.key holds no private key");
      }
      @Nullable ControllerCertificate cert = null;
      JsonNode tlsCrt = secret.path("data").path("tls.crt");
      if (tlsCrt.isString()) {
        List<ControllerCertificate> certs = PemObjects.parse(decode(tlsCrt.asString(), where + " data.tls.crt"),
            where + " data.tls.crt").certificates();
        cert = certs.isEmpty() ? null : certs.get(0);
      }
      keys.add(SealingKey.of(keyObjects.privateKeys().get(0), cert, where));
    }
    keys.sort(Comparator.comparing(
        (SealingKey k) -> k.certificate().map(ControllerCertificate::notBefore).orElse(Instant.MIN)).reversed());
    return keys;
  }

  private static String decode(String base64, String where) {
    try {
      return new String(Base64.getMimeDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new KeyMaterialException(where, "not valid base64");
    }
  }

  /** The keys, newest first. */
  public List<SealingKey> keys() {
    return keys;
  }

  /** The newest key: the one that seals and whose certificate is served. */
  public SealingKey newest() {
    if (keys.isEmpty()) {
      throw new KeyMaterialException("sealing keys", "no keys");
    }
    return keys.get(0);
  }

  /** A ring with {@code key} added as the newest. */
  public SealingKeys withNewest(SealingKey key) {
    List<SealingKey> copy = new ArrayList<>(keys.size() + 1);
    copy.add(Objects.requireNonNull(key, "key"));
    copy.addAll(keys);
    return new SealingKeys(copy);
  }

  List<java.security.interfaces.RSAPrivateKey> privateKeys() {
    return keys.stream().map(SealingKey::privateKey).toList();
  }

  @Override
  public String toString() {
    return "SealingKeys[" + keys.size() + " keys]";
  }
}
