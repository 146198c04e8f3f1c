package dev.gitopsjava.secrets.age;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.InflaterInputStream;

/**
 * One CCTV age test vector: a {@code key: value} header, an empty line, then the age file (maybe
 * zlib-compressed, maybe armored). See conformance/age-vectors/README.md.
 */
record AgeVector(String name, Map<String, List<String>> fields, byte[] body) {
  static final Set<String> KNOWN_KEYS =
      Set.of("expect", "payload", "file key", "identity", "passphrase", "armored", "compressed",
          "comment");

  static AgeVector read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    int split = indexOf(all, new byte[] {'\n', '\n'});
    if (split < 0) {
      throw new IllegalArgumentException(file + ": no empty line after the vector header");
    }
    String head = new String(all, 0, split, StandardCharsets.UTF_8);
    Map<String, List<String>> fields = new LinkedHashMap<>();
    for (String line : head.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        throw new IllegalArgumentException(file + ": header line without \": \"");
      }
      fields.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>())
          .add(line.substring(colon + 2));
    }
    byte[] body = new byte[all.length - split - 2];
    System.arraycopy(all, split + 2, body, 0, body.length);
    return new AgeVector(file.getFileName().toString(), fields, body);
  }

  String expect() {
    return fields.get("expect").get(0);
  }

  String payloadHash() {
    return fields.getOrDefault("payload", List.of("")).get(0);
  }

  List<String> all(String key) {
    return fields.getOrDefault(key, List.of());
  }

  boolean armored() {
    return all("armored").contains("yes");
  }

  /** The age file: inflated when the vector says it is compressed. */
  InputStream ageFile() {
    InputStream raw = new ByteArrayInputStream(body);
    return all("compressed").contains("zlib") ? new InflaterInputStream(raw) : raw;
  }

  /** The outcome class and SHA-256 of the plaintext released before it. */
  record Outcome(String expect, String payloadHash) {}

  /** Decrypts with the public API, hashing plaintext as it is released. */
  Outcome decrypt() throws IOException {
    List<AgeIdentity> identities = new ArrayList<>();
    for (String identity : all("identity")) {
      identities.add(AgeIdentity.parse(identity));
    }
    for (String passphrase : all("passphrase")) {
      identities.add(AgeIdentity.passphrase(passphrase));
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    InputStream file = armored() ? AgeArmor.dearmor(ageFile()) : ageFile();
    String outcome;
    try (InputStream plaintext = Age.decrypt(file, identities)) {
      byte[] buffer = new byte[8192];
      for (int n; (n = plaintext.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
      }
      outcome = "success";
    } catch (AgeArmorException e) {
      outcome = "armor failure";
    } catch (AgeHeaderException e) {
      outcome = "header failure";
    } catch (AgeNoMatchException e) {
      outcome = "no match";
    } catch (AgeMacException e) {
      outcome = "HMAC failure";
    } catch (AgePayloadException e) {
      outcome = "payload failure";
    }
    return new Outcome(outcome, HexFormat.of().formatHex(sha256.digest()));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public String toString() {
    return name;
  }
}
