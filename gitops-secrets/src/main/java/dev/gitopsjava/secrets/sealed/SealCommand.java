package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.MalformedInputException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals a {@code v1 Secret} into a {@code bitnami.com/v1alpha1} SealedSecret, the way
 * {@code kubeseal --cert CERT --format yaml} does: every {@code data} and {@code stringData} item
 * sealed separately with the scope's label, the Secret's metadata (minus server-set fields and
 * {@code last-applied-configuration}, which would leak the plaintext) kept as the template, and the
 * scope annotations on both. Single use; options may be set once each.
 */
public final class SealCommand {
  /** Metadata fields kubeseal clears before copying the Secret's metadata into the template. */
  static final List<String> SERVER_SET_METADATA = List.of("selfLink", "uid", "resourceVersion", "generation",
      "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "ownerReferences", "managedFields");
  /** Annotations that hold a full copy of the object, plaintext included. */
  static final List<String> LAST_APPLIED_ANNOTATIONS = List.of(
      "kubectl.kubernetes.io/last-applied-configuration", "kubecfg.ksonnet.io/last-applied-configuration");

  private final Manifest secret;
  private @Nullable ControllerCertificate certificate;
  private @Nullable SealingScope scope;
  private @Nullable String defaultNamespace;
  private @Nullable Clock clock;
  private @Nullable SecureRandom random;
  private boolean allowEmptyData;
  private boolean called;

  SealCommand(Manifest secret) {
    this.secret = secret;
  }

  /** The controller's certificate (required). */
  public SealCommand certificate(ControllerCertificate certificate) {
    Once.check(this.certificate, "certificate");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    return this;
  }

  /**
   * The scope; when not set, the Secret's own scope annotations decide (strict if none), as with
   * kubeseal without {@code --scope}. Setting it rewrites the scope annotations.
   */
  public SealCommand scope(SealingScope scope) {
    Once.check(this.scope, "scope");
    this.scope = Objects.requireNonNull(scope, "scope");
    return this;
  }

  /** The namespace to use when the Secret names none (kubeseal takes the kubeconfig's). */
  public SealCommand defaultNamespace(String namespace) {
    Once.check(this.defaultNamespace, "defaultNamespace");
    this.defaultNamespace = Objects.requireNonNull(namespace, "namespace");
    return this;
  }

  /** The clock the certificate's expiry is checked against; the system UTC clock by default. */
  public SealCommand clock(Clock clock) {
    Once.check(this.clock, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The randomness for session keys and OAEP; a new {@link SecureRandom} by default. */
  public SealCommand random(SecureRandom random) {
    Once.check(this.random, "random");
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** Seal a Secret with no items (kubeseal refuses unless {@code --allow-empty-data}). */
  public SealCommand allowEmptyData(boolean allow) {
    this.allowEmptyData = allow;
    return this;
  }

  /**
   * Seals.
   *
   * @throws MalformedInputException if the input is not a v1 Secret, has no namespace (and the
   *     scope is not cluster-wide) or no items
   * @throws ExpiredCertificateException if the certificate has expired
   */
  public Manifest call() {
    if (called) {
      throw new IllegalStateException("a SealCommand runs once");
    }
    called = true;
    if (certificate == null) {
      throw new IllegalStateException("certificate(..) is required");
    }
    SecretItems.requireSecret(secret);
    String where = SecretItems.describe(secret);
    certificate.requireUnexpired(clock == null ? Clock.systemUTC() : clock);

    ObjectNode templateMetadata = templateMetadata();
    String namespace = secret.key().namespace().isEmpty() && defaultNamespace != null
        ? defaultNamespace : secret.key().namespace();
    if (!namespace.isEmpty()) {
      templateMetadata.put("namespace", namespace);
    }
    SealingScope effective = scope != null ? scope : SealingScope.fromAnnotations(secret.annotations());
    if (scope != null) {
      updateScopeAnnotations(templateMetadata, scope);
    }
    if (effective != SealingScope.CLUSTER_WIDE && namespace.isEmpty()) {
      throw new MalformedInputException(where, "secret must declare a namespace (metadata.namespace)");
    }
    Map<String, byte[]> items = SecretItems.read(secret);
    if (items.isEmpty() && !allowEmptyData) {
      throw new MalformedInputException(where, "data and stringData are empty; refusing to seal an empty Secret");
    }

    byte[] label = effective.label(namespace, secret.key().name());
    SecureRandom rnd = random == null ? new SecureRandom() : random;
    Map<String, String> encrypted = new TreeMap<>();
    try {
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        byte[] sealed = HybridCipher.encrypt(certificate.publicKey(), item.getValue(), label, rnd);
        encrypted.put(item.getKey(), Base64.getEncoder().encodeToString(sealed));
      }
    } finally {
      items.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }

    ObjectNode doc = Manifest.newDocument();
    doc.put("apiVersion", SealedSecretDocument.API_VERSION);
    doc.put("kind", SealedSecretDocument.KIND);
    ObjectNode metadata = doc.putObject("metadata");
    ObjectNode scopeAnnotations = Manifest.newDocument();
    updateScopeAnnotations(scopeAnnotations, effective);
    if (scopeAnnotations.has("annotations")) {
      metadata.set("annotations", scopeAnnotations.get("annotations"));
    }
    metadata.put("name", secret.key().name());
    if (!namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    ObjectNode spec = doc.putObject("spec");
    ObjectNode encryptedData = spec.putObject("encryptedData");
    encrypted.forEach(encryptedData::put);
    ObjectNode template = spec.putObject("template");
    template.set("metadata", templateMetadata);
    JsonNode type = secret.tree().path("type");
    if (type.isString() && !type.asString().isEmpty()) {
      template.put("type", type.asString());
    }
    JsonNode immutable = secret.tree().path("immutable");
    if (immutable.isBoolean()) {
      template.put("immutable", immutable.booleanValue());
    }
    return Manifest.of(KubesealYaml.sorted(doc), secret.origin());
  }

  private ObjectNode templateMetadata() {
    ObjectNode metadata = secret.tree().path("metadata") instanceof ObjectNode m
        ? m.deepCopy() : Manifest.newDocument();
    SERVER_SET_METADATA.forEach(metadata::remove);
    if (metadata.get("annotations") instanceof ObjectNode annotations) {
      LAST_APPLIED_ANNOTATIONS.forEach(annotations::remove);
    }
    dropEmpty(metadata, "annotations");
    dropEmpty(metadata, "labels");
    return metadata;
  }

  /** Sets exactly the scope's annotation on {@code metadata}, removing the other (UpdateScopeAnnotations). */
  static void updateScopeAnnotations(ObjectNode metadata, SealingScope scope) {
    ObjectNode annotations = metadata.get("annotations") instanceof ObjectNode a ? a : metadata.putObject("annotations");
    annotations.remove(SealingScope.NAMESPACE_WIDE_ANNOTATION);
    annotations.remove(SealingScope.CLUSTER_WIDE_ANNOTATION);
    if (scope == SealingScope.NAMESPACE_WIDE) {
      annotations.put(SealingScope.NAMESPACE_WIDE_ANNOTATION, "true");
    } else if (scope == SealingScope.CLUSTER_WIDE) {
      annotations.put(SealingScope.CLUSTER_WIDE_ANNOTATION, "true");
    }
    dropEmpty(metadata, "annotations");
  }

  private static void dropEmpty(ObjectNode metadata, String field) {
    JsonNode node = metadata.get(field);
    if (node != null && (node.isNull() || (node.isObject() && node.isEmpty()))) {
      metadata.remove(field);
    }
  }
}
