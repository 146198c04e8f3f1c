package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ManifestOrigin;
import dev.gitopsjava.secrets.MalformedInputException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SealedSecret read and checked: its identity, scope (from its own metadata, as the controller
 * computes the label), the base64 items and the template. Reading never decrypts.
 */
record SealedSecretDocument(
    Manifest manifest, String name, String namespace, SealingScope scope, Map<String, String> encryptedData,
    ObjectNode template) {

  static final String API_VERSION = "bitnami.com/v1alpha1";
  static final String KIND = "SealedSecret";

  /** True if the manifest claims to be a SealedSecret (no further checks). */
  static boolean isSealedSecret(Manifest manifest) {
    return manifest.key().group().equals("bitnami.com") && manifest.key().kind().equals(KIND);
  }

  /** Parses one YAML or JSON document. */
  static SealedSecretDocument parse(String yaml, ManifestOrigin origin) {
    return read(ManifestInput.parse(yaml, origin, "SealedSecret"));
  }

  /**
   * Checks the shape of a SealedSecret.
   *
   * @throws MalformedInputException naming the resource and field
   */
  static SealedSecretDocument read(Manifest manifest) {
    String where = describe(manifest);
    if (!manifest.key().apiVersion().equals(API_VERSION) || !manifest.key().kind().equals(KIND)) {
      throw new MalformedInputException(where, "expected apiVersion " + API_VERSION + " kind " + KIND
          + ", found " + manifest.key().apiVersion() + " " + manifest.key().kind());
    }
    JsonNode metadata = manifest.tree().path("metadata");
    JsonNode annotationsNode = metadata.path("annotations");
    if (!annotationsNode.isMissingNode() && !annotationsNode.isNull() && !annotationsNode.isObject()) {
      throw new MalformedInputException(where, "metadata.annotations must be a mapping");
    }
    JsonNode spec = manifest.tree().path("spec");
    if (!spec.isObject()) {
      throw new MalformedInputException(where, "missing field spec");
    }
    JsonNode legacy = spec.path("data");
    if (!legacy.isMissingNode() && !legacy.isNull()) {
      throw new MalformedInputException(where, "spec.data is the deprecated v1 format; use spec.encryptedData");
    }
    JsonNode items = spec.path("encryptedData");
    if (!items.isObject()) {
      throw new MalformedInputException(where, "spec.encryptedData must be a mapping");
    }
    Map<String, String> encrypted = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : items.properties()) {
      if (!e.getValue().isString()) {
        throw new MalformedInputException(where, "spec.encryptedData." + e.getKey() + " must be a string");
      }
      encrypted.put(e.getKey(), e.getValue().asString());
    }
    JsonNode templateNode = spec.path("template");
    ObjectNode template;
    if (templateNode.isMissingNode() || templateNode.isNull()) {
      template = Manifest.newDocument();
    } else if (templateNode instanceof ObjectNode t) {
      template = t.deepCopy();
    } else {
      throw new MalformedInputException(where, "spec.template must be a mapping");
    }
    JsonNode templateMetadata = template.path("metadata");
    if (!templateMetadata.isMissingNode() && !templateMetadata.isNull() && !templateMetadata.isObject()) {
      throw new MalformedInputException(where, "spec.template.metadata must be a mapping");
    }
    JsonNode templateData = template.path("data");
    if (templateData.isObject() && !templateData.isEmpty()) {
      throw new MalformedInputException(where, "spec.template.data (Go templates) is not supported");
    }
    SealingScope scope = SealingScope.fromAnnotations(manifest.annotations());
    return new SealedSecretDocument(manifest, manifest.key().name(), manifest.key().namespace(), scope,
        Collections.unmodifiableMap(encrypted), template);
  }

  /** {@code SealedSecret namespace/name}, for messages. */
  static String describe(Manifest manifest) {
    String ns = manifest.key().namespace();
    return manifest.key().kind() + " " + (ns.isEmpty() ? "" : ns + "/") + manifest.key().name();
  }

  String where() {
    return describe(manifest);
  }

  /** The label this SealedSecret's items were sealed with, if they unseal where it is. */
  byte[] label() {
    return scope.label(namespace, name);
  }

  /** The metadata.uid, if the SealedSecret came from a cluster. */
  Optional<String> uid() {
    JsonNode uid = manifest.tree().path("metadata").path("uid");
    return uid.isString() && !uid.asString().isEmpty() ? Optional.of(uid.asString()) : Optional.empty();
  }

  /**
   * The decoded bytes of one item, checked for the hybrid layout.
   *
   * @throws MalformedInputException naming the resource and item (bad base64, truncated)
   */
  byte[] ciphertext(String item) {
    String value = encryptedData.get(item);
    if (value == null) {
      throw new MalformedInputException(where(), "no item '" + item + "'");
    }
    byte[] bytes;
    try {
      // Go's StdEncoding skips CR and LF; nothing else is tolerated.
      bytes = Base64.getDecoder().decode(value.replace("\r", "").replace("\n", ""));
    } catch (IllegalArgumentException e) {
      throw new MalformedInputException(where(), "item '" + item + "' is not valid base64");
    }
    Optional<String> problem = HybridCipher.structuralProblem(bytes);
    if (problem.isPresent()) {
      throw new MalformedInputException(where(), "item '" + item + "': " + problem.get());
    }
    return bytes;
  }
}
