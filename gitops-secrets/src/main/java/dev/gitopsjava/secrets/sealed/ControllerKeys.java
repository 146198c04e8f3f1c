package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The controller's keys as the Bitnami controller keeps them: {@code kubernetes.io/tls} Secrets
 * labelled {@code sealedsecrets.bitnami.com/sealed-secrets-key: active} (plus the legacy Secret
 * named {@code sealed-secrets-key}) in the key namespace; one is generated and stored when there
 * are none.
 */
final class ControllerKeys {
  static final String KEY_LABEL = "sealedsecrets.bitnami.com/sealed-secrets-key";
  static final String LEGACY_NAME = "sealed-secrets-key";
  private static final Logger LOG = LoggerFactory.getLogger(ControllerKeys.class);
  private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final ClusterClient cluster;
  private final String namespace;
  private final @Nullable SealingKeys fixed;
  private final boolean generateIfMissing;
  private final int keySize;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random;

  ControllerKeys(ClusterClient cluster, String namespace, @Nullable SealingKeys fixed, boolean generateIfMissing,
      int keySize, Duration ttl, Clock clock, SecureRandom random) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.fixed = fixed;
    this.generateIfMissing = generateIfMissing;
    this.keySize = keySize;
    this.ttl = ttl;
    this.clock = clock;
    this.random = random;
  }

  SealingKeys load() {
    if (fixed != null) {
      return fixed;
    }
    List<Manifest> secrets = new ArrayList<>(cluster.list(cluster.resourceType("v1", "Secret"), namespace,
        Map.of(KEY_LABEL, "active")));
    Optional<Manifest> legacy = cluster.get(ResourceKey.of("v1", "Secret", namespace, LEGACY_NAME));
    if (legacy.isPresent() && secrets.stream().noneMatch(s -> s.key().name().equals(LEGACY_NAME))) {
      secrets.add(legacy.get());
    }
    String where = "key Secrets in namespace " + namespace;
    if (secrets.isEmpty()) {
      if (!generateIfMissing) {
        throw new KeyMaterialException(where, "none labelled " + KEY_LABEL + "=active");
      }
      return SealingKeys.of(generateAndStore());
    }
    ObjectNode list = Manifest.newDocument();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    secrets.forEach(s -> items.add(s.tree()));
    // One piece of material, so the keys are ordered newest certificate first across all Secrets.
    SealingKeys keys = SealingKeys.from(KeySource.of(where, KeyMaterial.ofText(where, list.toString())));
    LOG.info("loaded {} sealing key(s) from namespace {}", keys.keys().size(), namespace);
    return keys;
  }

  private SealingKey generateAndStore() {
    SealingKey key = SealingKey.generate(keySize, ttl, clock, random);
    StringBuilder name = new StringBuilder(LEGACY_NAME);
    for (int i = 0; i < 5; i++) {
      name.append(NAME_ALPHABET.charAt(random.nextInt(NAME_ALPHABET.length())));
    }
    ObjectNode secret = Manifest.newDocument();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    ObjectNode metadata = secret.putObject("metadata");
    metadata.put("generateName", LEGACY_NAME);
    metadata.put("name", name.toString());
    metadata.put("namespace", namespace);
    metadata.putObject("labels").put(KEY_LABEL, "active");
    secret.put("type", "kubernetes.io/tls");
    ObjectNode data = secret.putObject("data");
    Base64.Encoder b64 = Base64.getEncoder();
    data.put("tls.crt", b64.encodeToString(key.certificate().orElseThrow().toPem().getBytes(StandardCharsets.US_ASCII)));
    data.put("tls.key", b64.encodeToString(key.privateKeyPem().getBytes(StandardCharsets.US_ASCII)));
    cluster.create(Manifest.of(secret, new ManifestOrigin("sealed-secrets controller", 0)));
    LOG.info("generated a {}-bit sealing key, stored as Secret {}/{}", keySize, namespace, name);
    return key;
  }
}
