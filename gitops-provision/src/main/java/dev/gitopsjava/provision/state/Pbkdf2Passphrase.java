package dev.gitopsjava.provision.state;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * OpenTofu's {@code key_provider "pbkdf2"}: a named passphrase that derives keys with
 * PBKDF2-HMAC-SHA{256,512}. Derived keys are cached per metadata, because one run derives the same
 * key for every file it writes (OpenTofu does the same: one salt per run). The cache is small and
 * evicts the least recently used key: a long-running process that reads many files with their own
 * salts (or many tampered ones, each naming a new salt) must not keep a key for each.
 */
final class Pbkdf2Passphrase {

  private final String name;
  private final char[] passphrase;
  private static final int CACHED_KEYS = 16;

  private final Map<Pbkdf2Metadata, byte[]> derived = new LinkedHashMap<>(CACHED_KEYS, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Pbkdf2Metadata, byte[]> eldest) {
      return size() > CACHED_KEYS;
    }
  };

  Pbkdf2Passphrase(String name, String passphrase) {
    if (!name.matches("[a-zA-Z_0-9-]+")) {
      throw new IllegalArgumentException("key provider name must match [a-zA-Z_0-9-]+: " + name);
    }
    if (passphrase.getBytes(StandardCharsets.UTF_8).length < 16) {
      throw new IllegalArgumentException(
          "passphrase for key provider " + name + " must be at least 16 bytes long");
    }
    this.name = name;
    this.passphrase = passphrase.toCharArray();
  }

  /** The name in the meta key {@code key_provider.pbkdf2.<name>}. */
  String name() {
    return name;
  }

  String metaKey() {
    return "key_provider.pbkdf2." + name;
  }

  /** The key for {@code meta}; the JDK encodes the passphrase chars as UTF-8, like Go's bytes. */
  byte[] key(Pbkdf2Metadata meta) {
    byte[] key;
    synchronized (derived) {
      key = derived.get(meta);
    }
    if (key == null) {
      key = derive(meta); // outside the lock: PBKDF2 takes a while
      synchronized (derived) {
        derived.put(meta, key);
      }
    }
    return key.clone();
  }

  /** Keys held now (for tests of the bound). */
  int cachedKeys() {
    synchronized (derived) {
      return derived.size();
    }
  }

  private byte[] derive(Pbkdf2Metadata m) {
    PBEKeySpec spec = new PBEKeySpec(passphrase, m.salt(), m.iterations(), m.keyLength() * 8);
    try {
      String algorithm = "sha512".equals(m.hashFunction())
          ? "PBKDF2WithHmacSHA512" : "PBKDF2WithHmacSHA256";
      return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public String toString() {
    return metaKey();
  }
}
