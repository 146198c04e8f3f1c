package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * SOPS on parsed manifests, the way Flux's kustomize-controller does it: through SOPS's JSON store
 * on the manifest's tree, so key order is kept and types are JSON's.
 */
final class SopsManifests {
  private SopsManifests() {}

  /** Whether the manifest carries SOPS metadata (a top-level {@code sops} mapping with a MAC). */
  static boolean isEncrypted(Manifest m) {
    JsonNode sops = m.tree().get("sops");
    return sops != null && sops.isObject() && sops.has("mac");
  }

  /** The plaintext manifest, without its {@code sops} block; MAC and every value verified. */
  static Manifest decrypt(Manifest m, List<? extends AgeIdentity> identities) {
    SopsFile file = JsonStore.fromTree(m.tree());
    SopsMetadata metadata = MetadataCodec.read(file.metadata().orElseThrow(
        () -> new SopsFormatException("not a SOPS-encrypted manifest: there is no sops metadata")));
    List<TreeBranch> docs;
    try (DataKey key = AgeKeyWrap.unwrap(metadata, identities)) {
      docs = new SopsDocument(SopsFormat.JSON, file, metadata).decryptTree(key).documents();
    }
    return m.withTree(JsonStore.toJsonNode(docs.get(0)));
  }

  /** The encrypted manifest (the {@code sops} block added). */
  static Manifest encrypt(Manifest m, SopsEncryptor encryptor) {
    byte[] plaintext = m.toJson().getBytes(StandardCharsets.UTF_8);
    try {
      SopsFile encrypted = new JsonStore().read(encryptor.encrypt(plaintext, SopsFormat.JSON));
      TreeBranch doc = encrypted.documents().get(0);
      doc.put("sops", encrypted.metadata().orElseThrow());
      return m.withTree(JsonStore.toJsonNode(doc));
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  static List<AgeRecipient> recipients(String text, String origin) {
    List<AgeRecipient> out = new java.util.ArrayList<>();
    for (String line : text.split("\r?\n")) {
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      for (String token : t.split("[,\\s]+")) {
        try {
          out.add(AgeRecipient.parse(token));
        } catch (RuntimeException e) {
          throw new SopsKeyException("invalid age recipient in " + origin + ": " + e.getMessage(), e);
        }
      }
    }
    return out;
  }
}
