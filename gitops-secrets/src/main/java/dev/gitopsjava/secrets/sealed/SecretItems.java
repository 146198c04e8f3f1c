package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.secrets.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The plaintext items of a {@code v1 Secret}: {@code data} (base64) then {@code stringData}, as kubeseal reads them. */
final class SecretItems {
  private SecretItems() {}

  static void requireSecret(Manifest secret) {
    if (!secret.key().apiVersion().equals("v1") || !secret.key().kind().equals("Secret")) {
      throw new MalformedInputException(describe(secret), "expected apiVersion v1 kind Secret, found "
          + secret.key().apiVersion() + " " + secret.key().kind());
    }
  }

  static String describe(Manifest secret) {
    return SealedSecretDocument.describe(secret);
  }

  /** Item name to plaintext; {@code stringData} wins over {@code data} for the same name. */
  static Map<String, byte[]> read(Manifest secret) {
    Map<String, byte[]> items = new LinkedHashMap<>();
    JsonNode data = secret.tree().path("data");
    if (!data.isMissingNode() && !data.isNull()) {
      if (!data.isObject()) {
        throw new MalformedInputException(describe(secret), "data must be a mapping");
      }
      for (Map.Entry<String, JsonNode> e : data.properties()) {
        JsonNode v = e.getValue();
        if (v.isNull()) {
          items.put(e.getKey(), new byte[0]);
          continue;
        }
        if (!v.isString()) {
          throw new MalformedInputException(describe(secret), "data." + e.getKey() + " must be a base64 string");
        }
        try {
          // Strict, as the API server decodes it (Go's StdEncoding skips only CR and LF).
          items.put(e.getKey(), Base64.getDecoder().decode(v.asString().replace("\r", "").replace("\n", "")));
        } catch (IllegalArgumentException ex) {
          throw new MalformedInputException(describe(secret), "data." + e.getKey() + " is not valid base64");
        }
      }
    }
    JsonNode stringData = secret.tree().path("stringData");
    if (!stringData.isMissingNode() && !stringData.isNull()) {
      if (!stringData.isObject()) {
        throw new MalformedInputException(describe(secret), "stringData must be a mapping");
      }
      for (Map.Entry<String, JsonNode> e : stringData.properties()) {
        JsonNode v = e.getValue();
        if (!v.isValueNode()) {
          throw new MalformedInputException(describe(secret), "stringData." + e.getKey() + " must be a string");
        }
        items.put(e.getKey(), (v.isNull() ? "" : v.asString()).getBytes(StandardCharsets.UTF_8));
      }
    }
    return items;
  }
}
