package dev.gitopsjava.provision.state;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How state and plan files are encrypted: OpenTofu's client-side encryption with the {@code
 * pbkdf2} key provider and the {@code aes_gcm} method, in OpenTofu's on-disk layout ({@code
 * serial}, {@code lineage}, {@code meta}, {@code encrypted_data}, {@code encryption_version "v0"}),
 * so a file written here opens with the same passphrase in OpenTofu and the other way round.
 *
 * <pre>{@code
 * StateEncryption enc = StateEncryption.builder()
 *     .passphrase("new", System.getenv("GITOPS_STATE_PASSPHRASE"))   // primary, writes
 *     .fallbackPassphrase("main", previousPassphrase)                  // read-only, for rotation
 *     .enforced(true)                                                  // never write plaintext
 *     .build();
 * }</pre>
 *
 * <p>Each passphrase belongs to a named key provider ({@code main} unless named), and a file
 * records the name it was written under, as in OpenTofu: a fallback opens only files written under
 * its name. Above, files written with {@code .passphrase(previousPassphrase)} (so under {@code
 * main}) stay readable, and every write uses the new passphrase under {@code new}.
 *
 * <p>Writes always use the primary key with a salt chosen once per {@code StateEncryption} (one
 * key derivation per run, as OpenTofu does; if the run first read a file written with the same
 * primary key and parameters, that file's salt is kept) and a fresh nonce per file. Reads try the primary key,
 * then each fallback in order; a plaintext file is read only when {@link
 * Builder#readUnencrypted(boolean)} allows it, so nobody can slip a manipulated plaintext state in.
 * After decrypting, the clear {@code serial} and {@code lineage} must match the encrypted ones.
 *
 * <p>{@link #toString()} never shows a passphrase.
 */
public final class StateEncryption {

  /** The layout version OpenTofu writes and reads. */
  public static final String ENCRYPTION_VERSION = "v0";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final @Nullable Pbkdf2Passphrase primary;
  private final List<Pbkdf2Passphrase> fallbacks;
  private final boolean readUnencrypted;
  private final boolean enforced;
  private final Random random;
  private final int iterations;
  private final int saltLength;
  private final int keyLength;
  private final String hashFunction;
  private volatile @Nullable Pbkdf2Metadata writeMetadata;

  private StateEncryption(Builder b) {
    this.primary = b.primary;
    this.fallbacks = List.copyOf(b.fallbacks);
    this.readUnencrypted = b.readUnencrypted;
    this.enforced = b.enforced;
    this.random = b.random;
    this.iterations = b.iterations;
    this.saltLength = b.saltLength;
    this.keyLength = b.keyLength;
    this.hashFunction = b.hashFunction;
  }

  /** Plaintext state: reads and writes unencrypted files, and refuses encrypted ones. */
  public static StateEncryption none() {
    return new Builder().readUnencrypted(true).buildUnchecked();
  }

  /** A builder; at least a passphrase or {@code readUnencrypted} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when writes are encrypted. */
  public boolean encrypts() {
    return primary != null;
  }

  /** True when this configuration refuses to write plaintext. */
  public boolean enforced() {
    return enforced;
  }

  /**
   * Encrypts a plaintext state (or plan) JSON document. A top-level {@code serial} and {@code
   * lineage} in the plaintext are copied in clear, as OpenTofu does for states; without them the
   * result has the plan layout. With no primary passphrase the plaintext is returned unchanged,
   * unless this configuration is {@code enforced}.
   *
   * @throws StateException if the plaintext is not a JSON object, or plaintext would be written
   *     while enforced
   */
  public byte[] encrypt(byte[] plaintext) {
    Pbkdf2Passphrase key = primary;
    if (key == null) {
      if (enforced) {
        throw new StateException("encryption is enforced: refusing to write plaintext state");
      }
      return plaintext.clone();
    }
    Pbkdf2Metadata meta = writeMetadata;
    if (meta == null) {
      synchronized (this) {
        meta = writeMetadata;
        if (meta == null) {
          byte[] salt = new byte[saltLength];
          random.nextBytes(salt);
          meta = new Pbkdf2Metadata(salt, iterations, hashFunction, keyLength);
          writeMetadata = meta;
        }
      }
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return encrypt(plaintext, key, meta, nonce);
  }

  /** Encryption with a given salt (in {@code meta}) and nonce: for known-answer tests. */
  static byte[] encrypt(byte[] plaintext, Pbkdf2Passphrase key, Pbkdf2Metadata meta, byte[] nonce) {
    JsonNode inner = parseObject(plaintext, "plaintext", false);
    byte[] sealed;
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.key(meta), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      sealed = gcm.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new StateException("AES-GCM encryption failed: " + e.getClass().getSimpleName(), e);
    }
    byte[] payload = new byte[nonce.length + sealed.length];
    System.arraycopy(nonce, 0, payload, 0, nonce.length);
    System.arraycopy(sealed, 0, payload, nonce.length, sealed.length);

    ObjectNode out = JSON.createObjectNode();
    JsonNode serial = inner.get("serial");
    JsonNode lineage = inner.get("lineage");
    boolean isState = serial != null || lineage != null;
    if (isState) {
      if (serial != null && serial.isIntegralNumber()) {
        out.set("serial", serial);
      } else {
        out.putNull("serial");
      }
      out.put("lineage", lineage != null && lineage.isString() ? lineage.stringValue() : "");
    }
    ObjectNode metaNode = out.putObject("meta");
    metaNode.put(key.metaKey(), meta.encode());
    out.put("encrypted_data", Base64.getEncoder().encodeToString(payload));
    out.put("encryption_version", ENCRYPTION_VERSION);
    return JSON.writeValueAsBytes(out);
  }

  /**
   * Decrypts a state or plan file, or returns a plaintext one unchanged if that is allowed.
   *
   * @param file the file's bytes (untrusted)
   * @param source what to call the file in messages, e.g. its path
   * @throws StateDecryptionException for a wrong passphrase, tampered data, malformed layout or a
   *     disallowed plaintext file; the message names {@code source} and the field at fault
   */
  public byte[] decrypt(byte[] file, String source) {
    Objects.requireNonNull(source, "source");
    JsonNode outer = parseObject(file, source, true);
    JsonNode version = outer.get("encryption_version");
    if (version == null || version.isNull() || (version.isString() && version.stringValue().isEmpty())) {
      if (!readUnencrypted) {
        throw new StateDecryptionException(source + ": encountered unencrypted payload without "
            + "unencrypted method configured (refusing to read a plaintext state)");
      }
      return file.clone();
    }
    if (!version.isString() || !ENCRYPTION_VERSION.equals(version.stringValue())) {
      throw new StateDecryptionException(source + ": invalid encrypted payload version in field "
          + "encryption_version (expected \"" + ENCRYPTION_VERSION + "\")");
    }
    if (primary == null && fallbacks.isEmpty()) {
      throw new StateDecryptionException(source + " is encrypted but no passphrase is configured");
    }
    JsonNode meta = outer.get("meta");
    if (meta == null || !meta.isObject()) {
      throw new StateDecryptionException(source + ": field meta must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> entry : meta.properties()) {
      if (!entry.getValue().isString()) {
        throw new StateDecryptionException(source + ": field meta." + entry.getKey()
            + " must be a base64 string (OpenTofu layout), found "
            + entry.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    JsonNode data = outer.get("encrypted_data");
    if (data == null || !data.isString()) {
      throw new StateDecryptionException(source + ": field encrypted_data must be a base64 string");
    }
    byte[] payload;
    try {
      payload = Base64.getDecoder().decode(data.stringValue());
    } catch (IllegalArgumentException e) {
      throw new StateDecryptionException(source + ": field encrypted_data is not valid base64");
    }
    if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new StateDecryptionException(source + ": field encrypted_data is too short ("
          + payload.length + " bytes) to hold a nonce and a tag");
    }

    List<Pbkdf2Passphrase> keys = new ArrayList<>();
    if (primary != null) {
      keys.add(primary);
    }
    keys.addAll(fallbacks);
    List<String> failures = new ArrayList<>();
    for (Pbkdf2Passphrase key : keys) {
      JsonNode value = meta.get(key.metaKey());
      if (value == null) {
        failures.add(key.metaKey() + ": no entry in field meta");
        continue;
      }
      if (!value.isString()) {
        failures.add(key.metaKey() + ": field meta." + key.metaKey() + " must be a base64 string"
            + " (OpenTofu layout), found " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        continue;
      }
      Pbkdf2Metadata m;
      try {
        m = Pbkdf2Metadata.decode(value.stringValue());
      } catch (IllegalArgumentException e) {
        failures.add(key.metaKey() + ": field meta." + key.metaKey() + ": " + e.getMessage());
        continue;
      }
      byte[] plaintext;
      try {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key.key(m), "AES"),
            new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
        plaintext = gcm.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
      } catch (AEADBadTagException e) {
        failures.add(key.metaKey() + ": authentication failed (wrong passphrase or tampered data)");
        continue;
      } catch (GeneralSecurityException e) {
        failures.add(key.metaKey() + ": " + e.getClass().getSimpleName());
        continue;
      }
      checkPassthrough(outer, plaintext, source);
      adoptForWrites(key, m);
      return plaintext;
    }
    throw new StateDecryptionException(source + ": decryption failed for all provided methods: "
        + String.join("; ", failures));
  }

  /**
   * After the primary key opened a file whose key parameters equal this configuration's, writes
   * reuse that salt (and so the already derived key) instead of drawing a new one: one PBKDF2
   * derivation per run instead of two. Every file still gets its own random nonce.
   */
  private void adoptForWrites(Pbkdf2Passphrase key, Pbkdf2Metadata m) {
    if (key != primary || writeMetadata != null) {
      return;
    }
    if (m.iterations() == iterations && m.hashFunction().equals(hashFunction)
        && m.keyLength() == keyLength && m.salt().length == saltLength) {
      synchronized (this) {
        if (writeMetadata == null) {
          writeMetadata = m;
        }
      }
    }
  }

  /** The clear serial and lineage must be the ones inside, or the file was spliced together. */
  private static void checkPassthrough(JsonNode outer, byte[] plaintext, String source) {
    JsonNode inner = parseObject(plaintext, source + " (decrypted)", true);
    JsonNode outerSerial = outer.get("serial");
    if (outerSerial != null && !outerSerial.isNull()) {
      JsonNode innerSerial = inner.get("serial");
      if (innerSerial == null || !innerSerial.equals(outerSerial)) {
        throw new StateDecryptionException(
            source + ": invalid state metadata, serial field mismatch");
      }
    }
    JsonNode outerLineage = outer.get("lineage");
    if (outerLineage != null && !(outerLineage.isString() && outerLineage.stringValue().isEmpty())) {
      JsonNode innerLineage = inner.get("lineage");
      if (innerLineage == null || !innerLineage.equals(outerLineage)) {
        throw new StateDecryptionException(
            source + ": invalid state metadata, lineage field mismatch");
      }
    }
  }

  private static JsonNode parseObject(byte[] bytes, String source, boolean decrypting) {
    JsonNode node;
    try {
      node = JSON.readTree(bytes);
    } catch (JacksonException e) {
      String msg = source + " is not valid JSON";
      throw decrypting ? new StateDecryptionException(msg) : new StateException(msg);
    }
    if (node == null || !node.isObject()) {
      String msg = source + " is not a JSON object";
      throw decrypting ? new StateDecryptionException(msg) : new StateException(msg);
    }
    return node;
  }

  /** The primary key provider's metadata used for writes, once the first write chose a salt. */
  Optional<Pbkdf2Metadata> writeMetadata() {
    return Optional.ofNullable(writeMetadata);
  }

  @Override
  public String toString() {
    return "StateEncryption[primary=" + (primary == null ? "unencrypted" : primary.metaKey())
        + ", fallbacks=" + fallbacks + ", readUnencrypted=" + readUnencrypted
        + ", enforced=" + enforced + "]";
  }

  /** Set-once builder for {@link StateEncryption}. */
  public static final class Builder {
    private @Nullable Pbkdf2Passphrase primary;
    private final List<Pbkdf2Passphrase> fallbacks = new ArrayList<>();
    private final Map<String, Boolean> set = new TreeMap<>();
    private boolean readUnencrypted;
    private boolean enforced;
    private Random random = new SecureRandom();
    private int iterations = 600_000;
    private int saltLength = 32;
    private int keyLength = 32;
    private String hashFunction = "sha512";

    private Builder() {}

    private void once(String option) {
      if (set.put(option, Boolean.TRUE) != null) {
        throw new IllegalStateException(option + " was already set");
      }
    }

    /** The primary passphrase (key provider {@code pbkdf2.main}); at least 16 bytes. */
    public Builder passphrase(String passphrase) {
      return passphrase("main", passphrase);
    }

    /** The primary passphrase under key provider name {@code name}. */
    public Builder passphrase(String name, String passphrase) {
      once("passphrase");
      this.primary = new Pbkdf2Passphrase(name, Objects.requireNonNull(passphrase, "passphrase"));
      return this;
    }

    /**
     * A read-only passphrase tried after the primary (key rotation); may be given several times.
     * {@code name} is the key provider name the files were written under ({@code main} for
     * {@link #passphrase(String)}): a file records it, and only that name's passphrase is tried on it.
     */
    public Builder fallbackPassphrase(String name, String passphrase) {
      fallbacks.add(new Pbkdf2Passphrase(name, Objects.requireNonNull(passphrase, "passphrase")));
      return this;
    }

    /** Whether plaintext files may be read (OpenTofu's {@code unencrypted} fallback). */
    public Builder readUnencrypted(boolean allow) {
      once("readUnencrypted");
      this.readUnencrypted = allow;
      return this;
    }

    /** Refuse to ever write plaintext. */
    public Builder enforced(boolean enforce) {
      once("enforced");
      this.enforced = enforce;
      return this;
    }

    /** PBKDF2 iterations for writes: at least 200 000 (default 600 000). */
    public Builder iterations(int count) {
      once("iterations");
      if (count < 200_000) {
        throw new IllegalArgumentException("iterations must be at least 200000: " + count);
      }
      this.iterations = count;
      return this;
    }

    /** Salt length in bytes for writes (default 32). */
    public Builder saltLength(int bytes) {
      once("saltLength");
      if (bytes < 1) {
        throw new IllegalArgumentException("saltLength must be positive: " + bytes);
      }
      this.saltLength = bytes;
      return this;
    }

    /** AES key length in bytes: 16, 24 or 32 (default 32). */
    public Builder keyLength(int bytes) {
      once("keyLength");
      if (bytes != 16 && bytes != 24 && bytes != 32) {
        throw new IllegalArgumentException("keyLength must be 16, 24 or 32: " + bytes);
      }
      this.keyLength = bytes;
      return this;
    }

    /** {@code sha512} (default) or {@code sha256}. */
    public Builder hashFunction(String name) {
      once("hashFunction");
      if (!Pbkdf2Metadata.HASH_FUNCTIONS.contains(name)) {
        throw new IllegalArgumentException("hashFunction must be sha256 or sha512: " + name);
      }
      this.hashFunction = name;
      return this;
    }

    /** The source of salts and nonces (default a {@link SecureRandom}); for tests. */
    public Builder random(Random source) {
      once("random");
      this.random = Objects.requireNonNull(source, "random");
      return this;
    }

    /** Builds the {@code StateEncryption}. */
    public StateEncryption build() {
      if (primary == null && fallbacks.isEmpty() && !readUnencrypted) {
        throw new IllegalStateException("StateEncryption needs a passphrase or readUnencrypted");
      }
      if (enforced && primary == null) {
        throw new IllegalStateException("enforced encryption needs a primary passphrase");
      }
      return buildUnchecked();
    }

    private StateEncryption buildUnchecked() {
      return new StateEncryption(this);
    }
  }
}
