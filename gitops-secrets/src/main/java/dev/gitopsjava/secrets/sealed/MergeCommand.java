package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.MalformedInputException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Adds or replaces items in an existing SealedSecret, like {@code kubeseal --merge-into}: the new
 * items are sealed for the existing SealedSecret's own name, namespace and scope, so they unseal
 * together with the items already there; other items and the template are kept. Single use.
 */
public final class MergeCommand {
  private final SealedSecretDocument target;
  private final Map<String, byte[]> items = new LinkedHashMap<>();
  private @Nullable ControllerCertificate certificate;
  private @Nullable Clock clock;
  private @Nullable SecureRandom random;
  private boolean called;

  MergeCommand(SealedSecretDocument target) {
    this.target = target;
  }

  /** One item to add or replace; the bytes are copied and wiped after sealing. */
  public MergeCommand item(String name, byte[] plaintext) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("item name must not be empty");
    }
    items.put(name, plaintext.clone());
    return this;
  }

  /** Every {@code data} and {@code stringData} item of a {@code v1 Secret}. */
  public MergeCommand itemsOf(Manifest secret) {
    SecretItems.requireSecret(secret);
    items.putAll(SecretItems.read(secret));
    return this;
  }

  /** The controller's certificate (required). */
  public MergeCommand certificate(ControllerCertificate certificate) {
    Once.check(this.certificate, "certificate");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    return this;
  }

  /** The clock the certificate's expiry is checked against. */
  public MergeCommand clock(Clock clock) {
    Once.check(this.clock, "clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** The randomness for session keys and OAEP. */
  public MergeCommand random(SecureRandom random) {
    Once.check(this.random, "random");
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  /** Seals the items into a copy of the SealedSecret. */
  public Manifest call() {
    if (called) {
      throw new IllegalStateException("a MergeCommand runs once");
    }
    called = true;
    if (certificate == null) {
      throw new IllegalStateException("certificate(..) is required");
    }
    if (items.isEmpty()) {
      throw new MalformedInputException(target.where(), "nothing to merge");
    }
    if (target.scope() != SealingScope.CLUSTER_WIDE && target.namespace().isEmpty()) {
      throw new MalformedInputException(target.where(), "the SealedSecret has no metadata.namespace");
    }
    certificate.requireUnexpired(clock == null ? Clock.systemUTC() : clock);
    SecureRandom rnd = random == null ? new SecureRandom() : random;
    Map<String, String> merged = new TreeMap<>(target.encryptedData());
    try {
      for (Map.Entry<String, byte[]> item : items.entrySet()) {
        byte[] sealed = HybridCipher.encrypt(certificate.publicKey(), item.getValue(), target.label(), rnd);
        merged.put(item.getKey(), Base64.getEncoder().encodeToString(sealed));
      }
    } finally {
      items.values().forEach(v -> Arrays.fill(v, (byte) 0));
    }
    ObjectNode doc = target.manifest().mutableCopy();
    ObjectNode encryptedData = ((ObjectNode) doc.get("spec")).putObject("encryptedData");
    merged.forEach(encryptedData::put);
    return Manifest.of(KubesealYaml.sorted(doc), target.manifest().origin());
  }
}
