package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.NoMatchingKeyException;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Unseals a SealedSecret into its {@code v1 Secret}, as the controller does: the label comes from
 * the SealedSecret's own name, namespace and scope annotations (not the template), every key is
 * tried for every item, the template's metadata, type and immutability are copied, and the Secret
 * gets an ownerReference to the SealedSecret unless the template opts out with
 * {@code sealedsecrets.bitnami.com/skip-set-owner-references: "true"}. Single use.
 */
public final class UnsealCommand {
  /** The template annotation that suppresses the ownerReference. */
  public static final String SKIP_SET_OWNER_REFERENCES_ANNOTATION = "sealedsecrets.bitnami.com/skip-set-owner-references";

  private final SealedSecretDocument sealed;
  private @Nullable SealingKeys keys;
  private boolean called;

  UnsealCommand(SealedSecretDocument sealed) {
    this.sealed = sealed;
  }

  /** The private keys to try (required). */
  public UnsealCommand keys(SealingKeys keys) {
    Once.check(this.keys, "keys");
    this.keys = Objects.requireNonNull(keys, "keys");
    return this;
  }

  /**
   * Unseals.
   *
   * @throws NoMatchingKeyException naming the SealedSecret and the first item no key opens: wrong
   *     key, SealedSecret renamed or moved out of its scope, or tampered data
   * @throws dev.gitopsjava.secrets.MalformedInputException for bad base64 or truncated items
   */
  public Manifest call() {
    if (called) {
      throw new IllegalStateException("an UnsealCommand runs once");
    }
    called = true;
    if (keys == null) {
      throw new IllegalStateException("keys(..) is required");
    }
    byte[] label = sealed.label();
    ObjectNode secret = Manifest.newDocument();
    secret.put("apiVersion", "v1");
    secret.put("kind", "Secret");
    ObjectNode metadata = sealed.template().get("metadata") instanceof ObjectNode m
        ? m.deepCopy() : Manifest.newDocument();
    metadata.put("name", sealed.name());
    if (!sealed.namespace().isEmpty()) {
      metadata.put("namespace", sealed.namespace());
    } else {
      metadata.remove("namespace");
    }
    if (!"true".equals(metadata.path("annotations").path(SKIP_SET_OWNER_REFERENCES_ANNOTATION).asString(""))) {
      ArrayNode owners = metadata.putArray("ownerReferences");
      ObjectNode owner = owners.addObject();
      owner.put("apiVersion", SealedSecretDocument.API_VERSION);
      owner.put("kind", SealedSecretDocument.KIND);
      owner.put("name", sealed.name());
      sealed.uid().ifPresent(uid -> owner.put("uid", uid));
      owner.put("controller", true);
    }
    secret.set("metadata", metadata);
    if (sealed.template().path("type").isString()) {
      secret.put("type", sealed.template().path("type").asString());
    }
    if (sealed.template().path("immutable").isBoolean()) {
      secret.put("immutable", sealed.template().path("immutable").booleanValue());
    }
    ObjectNode data = secret.putObject("data");
    for (Map.Entry<String, String> item : sealed.encryptedData().entrySet()) {
      byte[] ciphertext = sealed.ciphertext(item.getKey());
      Optional<byte[]> plaintext = HybridCipher.decrypt(keys.privateKeys(), ciphertext, label);
      if (plaintext.isEmpty()) {
        throw new NoMatchingKeyException(sealed.where(), item.getKey(), "no key could decrypt it ("
            + keys.keys().size() + " tried, scope " + sealed.scope().cliName()
            + "): wrong key, the SealedSecret was renamed or moved out of its scope, or the data was changed");
      }
      data.put(item.getKey(), Base64.getEncoder().encodeToString(plaintext.get()));
      java.util.Arrays.fill(plaintext.get(), (byte) 0);
    }
    return Manifest.of(secret, sealed.manifest().origin());
  }
}
