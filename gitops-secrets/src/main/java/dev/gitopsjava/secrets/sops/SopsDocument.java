package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.age.AgeIdentity;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * A SOPS-encrypted file, read but not yet decrypted: its metadata can be inspected (recipients,
 * rules, last modification) without any key.
 *
 * <pre>{@code
 * SopsDocument doc = SopsDocument.read(bytes, SopsFormat.YAML);
 * List<String> recipients = doc.metadata().recipients();
 * }</pre>
 */
public final class SopsDocument {
  private final SopsFormat format;
  private final SopsFile file;
  private final SopsMetadata metadata;

  SopsDocument(SopsFormat format, SopsFile file, SopsMetadata metadata) {
    this.format = format;
    this.file = file;
    this.metadata = metadata;
  }

  /**
   * Reads an encrypted file.
   *
   * @throws SopsFormatException if it is malformed or has no {@code sops} metadata
   * @throws SopsUnsupportedException for a store or metadata feature this library lacks
   */
  public static SopsDocument read(byte[] content, SopsFormat format) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(format, "format");
    SopsFile file = format.store().read(content);
    TreeBranch sops = file.metadata().orElseThrow(() -> new SopsFormatException(
        "not a SOPS-encrypted file: there is no sops metadata"));
    return new SopsDocument(format, file, MetadataCodec.read(sops));
  }

  /** Whether {@code content} parses as {@code format} and has SOPS metadata. */
  public static boolean isEncrypted(byte[] content, SopsFormat format) {
    try {
      return format.store().read(content).metadata().isPresent();
    } catch (SopsFormatException | SopsUnsupportedException e) {
      return false;
    }
  }

  /** The file format. */
  public SopsFormat format() {
    return format;
  }

  /** The {@code sops} metadata: keys, MAC, rules. */
  public SopsMetadata metadata() {
    return metadata;
  }

  /**
   * Decrypts with the first identity that opens the data key, verifies every value and the MAC,
   * and returns the plaintext file (YAML/JSON without the {@code sops} block, dotenv, INI, or the
   * original bytes of a binary file). Nothing is returned unless everything verified.
   *
   * @throws SopsKeyException if no identity opens the data key
   * @throws SopsIntegrityException if a value or the MAC fails; {@link
   *     SopsIntegrityException#path()} names it
   * @throws SopsFormatException if a value is malformed
   */
  public byte[] decrypt(List<? extends AgeIdentity> identities) {
    Objects.requireNonNull(identities, "identities");
    try (DataKey key = AgeKeyWrap.unwrap(metadata, identities)) {
      return decrypt(key);
    }
  }

  /** Decrypts with a known data key (tests, key services). */
  byte[] decrypt(DataKey key) {
    return format.store().write(decryptTree(key).documents(), java.util.Optional.empty());
  }

  /** The decrypted documents and what was decrypted, MAC verified. */
  Decrypted decryptTree(DataKey key) {
    ValueCipher cipher = new ValueCipher(key, new SecureRandom());
    List<TreeBranch> documents = file.documents().stream().map(TreeBranch::copy).toList();
    TreeCrypto walk = TreeCrypto.forMetadata(cipher, metadata, true);
    String computed = walk.decrypt(documents);
    TreeCrypto.verifyMac(cipher, metadata, computed);
    return new Decrypted(documents, walk.leaves(), computed, cipher);
  }

  /** The result of a verified decryption; {@code cipher} holds the IV stash for re-encryption. */
  record Decrypted(List<TreeBranch> documents, List<TreeCrypto.Leaf> leaves, String macHex,
      ValueCipher cipher) {
    @Override
    public String toString() {
      return "Decrypted[" + documents.size() + " documents]";
    }
  }

  @Override
  public String toString() {
    return "SopsDocument[" + format + ", recipients=" + metadata.recipients() + "]";
  }
}
