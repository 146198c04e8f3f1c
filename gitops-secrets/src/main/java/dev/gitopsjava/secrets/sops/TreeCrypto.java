package dev.gitopsjava.secrets.sops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Walks documents the way SOPS's {@code Tree.Encrypt}/{@code Tree.Decrypt} do: depth first, in file
 * order, encrypting or decrypting the selected leaves in place with their path as additional data,
 * and hashing the plaintext of every leaf (or only the encrypted ones, with
 * {@code mac_only_encrypted}) into the SHA-512 MAC.
 */
final class TreeCrypto {
  /** SHA-256("sops"), fed first when {@code mac_only_encrypted} is set. */
  private static final byte[] MAC_ONLY_ENCRYPTED_INIT = HexFormat.of()
      .parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

  /** What a walk did to one value, for the conformance tests (never logged). */
  record Leaf(String aad, String type, String plaintext) {
    @Override
    public String toString() {
      return "Leaf[" + aad + ", " + type + "]";
    }
  }

  private final ValueCipher cipher;
  private final Predicate<List<String>> selected;
  private final boolean macOnlyEncrypted;
  private final MessageDigest mac;
  private final List<Leaf> leaves = new ArrayList<>();
  private final boolean recordLeaves;
  private boolean decrypting;

  private TreeCrypto(ValueCipher cipher, Predicate<List<String>> selected, boolean macOnlyEncrypted,
      boolean recordLeaves) {
    this.cipher = cipher;
    this.selected = selected;
    this.macOnlyEncrypted = macOnlyEncrypted;
    this.recordLeaves = recordLeaves;
    try {
      this.mac = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 unavailable in this JVM", e);
    }
    if (macOnlyEncrypted) {
      mac.update(MAC_ONLY_ENCRYPTED_INIT);
    }
  }

  static TreeCrypto forRules(ValueCipher cipher, SopsRules rules) {
    return new TreeCrypto(cipher, rules::shouldEncrypt, rules.macOnlyEncrypted(), false);
  }

  static TreeCrypto forMetadata(ValueCipher cipher, SopsMetadata metadata, boolean recordLeaves) {
    Predicate<List<String>> selected = metadata.rules().isPresent()
        ? metadata.rules().get()::shouldEncrypt
        : path -> true;
    return new TreeCrypto(cipher, selected, metadata.macOnlyEncrypted(), recordLeaves);
  }

  /** Encrypts the selected leaves of {@code documents} in place; returns the MAC (upper-case hex). */
  String encrypt(List<TreeBranch> documents) {
    decrypting = false;
    for (TreeBranch doc : documents) {
      branch(doc, new ArrayList<>());
    }
    return macHex();
  }

  /**
   * Decrypts the selected leaves of {@code documents} in place; returns the MAC computed over the
   * plaintext (upper-case hex).
   */
  String decrypt(List<TreeBranch> documents) {
    decrypting = true;
    for (TreeBranch doc : documents) {
      branch(doc, new ArrayList<>());
    }
    return macHex();
  }

  List<Leaf> leaves() {
    return List.copyOf(leaves);
  }

  private String macHex() {
    return HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
  }

  private void branch(TreeBranch b, List<String> path) {
    List<TreeMember> members = b.members();
    for (int i = 0; i < members.size(); i++) {
      TreeMember m = members.get(i);
      if (m instanceof TreeComment c) {
        members.set(i, comment(c, path));
      } else {
        TreeEntry e = (TreeEntry) m;
        path.add(e.key());
        members.set(i, new TreeEntry(e.key(), value(e.value(), path)));
        path.remove(path.size() - 1);
      }
    }
  }

  private TreeValue value(TreeValue v, List<String> path) {
    if (v instanceof TreeBranch b) {
      branch(b, path);
      return b;
    }
    if (v instanceof TreeList l) {
      List<TreeValue> items = l.items();
      for (int i = 0; i < items.size(); i++) {
        items.set(i, value(items.get(i), path));
      }
      return l;
    }
    if (v instanceof TreeComment c) {
      return comment(c, path);
    }
    return leaf((TreeScalar) v, path);
  }

  private TreeComment comment(TreeComment c, List<String> path) {
    if (!selected.test(path)) {
      return c;
    }
    String aad = aad(path);
    if (!decrypting) {
      return new TreeComment(cipher.encrypt(c, aad));
    }
    if (c.text().isEmpty()) {
      return c;
    }
    try {
      TreeValue v = cipher.decrypt(c.text(), aad);
      if (v instanceof TreeComment plain) {
        record(aad, "comment", plain.text());
        return plain;
      }
      return c;
    } catch (SopsFormatException | SopsIntegrityException e) {
      // As SOPS: comments written by older versions may be in clear text; keep them as they are.
      return c;
    }
  }

  private TreeValue leaf(TreeScalar s, List<String> path) {
    if (s.type() == ScalarType.NULL) {
      return s;
    }
    boolean encrypted = selected.test(path);
    String aad = aad(path);
    TreeScalar plain = s;
    TreeScalar result = s;
    if (encrypted) {
      if (decrypting) {
        if (s.type() != ScalarType.STR) {
          throw new SopsFormatException("value at " + aad + " should be encrypted but is a "
              + s.type().tag());
        }
        TreeValue d = cipher.decrypt(s.text(), aad);
        if (!(d instanceof TreeScalar ds)) {
          throw new SopsFormatException("value at " + aad + " has type comment");
        }
        plain = ds;
        result = ds;
        if (recordLeaves && !s.text().isEmpty()) {
          record(aad, typeOf(s.text()), ds.text());
        }
      } else {
        result = TreeScalar.str(cipher.encrypt(s, aad));
      }
    }
    if (!macOnlyEncrypted || encrypted) {
      mac.update(plain.plaintextBytes());
    }
    return result;
  }

  private void record(String aad, String type, String plaintext) {
    if (recordLeaves) {
      leaves.add(new Leaf(aad, type, plaintext));
    }
  }

  private static String typeOf(String enc) {
    return EncryptedValue.parse(enc).map(EncryptedValue::type).orElse("str");
  }

  /** SOPS's additional data: the mapping keys joined with {@code :}, plus a final {@code :}. */
  static String aad(List<String> path) {
    return String.join(":", path) + ":";
  }

  /** Encrypts the MAC with {@code lastmodified} (canonical form) as additional data. */
  static String encryptMac(ValueCipher cipher, String macHex, String lastModified) {
    return cipher.encrypt(macHex.getBytes(StandardCharsets.UTF_8), "str",
        MetadataCodec.canonicalLastModified(lastModified));
  }

  /**
   * Checks the stored MAC against the computed one.
   *
   * @throws SopsIntegrityException naming {@code sops:mac:} on any mismatch or tampering
   */
  static void verifyMac(ValueCipher cipher, SopsMetadata metadata, String computedHex) {
    if (metadata.mac().isEmpty()) {
      throw new SopsIntegrityException("sops:mac:", "the file has no MAC (sops.mac is missing)");
    }
    EncryptedValue stored = EncryptedValue.parse(metadata.mac()).orElseThrow(
        () -> new SopsFormatException("sops.mac is not a SOPS encrypted value"));
    String aad = MetadataCodec.canonicalLastModified(metadata.lastModified());
    byte[] plain;
    try {
      plain = cipher.decryptBytes(stored, aad);
    } catch (SopsIntegrityException e) {
      throw new SopsIntegrityException("sops:mac:",
          "the MAC failed authentication: sops.mac or sops.lastmodified was modified");
    }
    String storedHex = new String(plain, StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(storedHex.getBytes(StandardCharsets.UTF_8),
        computedHex.getBytes(StandardCharsets.UTF_8))) {
      throw new SopsIntegrityException("sops:mac:", "MAC mismatch: values were modified, "
          + "reordered, added or removed since the file was encrypted");
    }
  }

  /** The decrypted MAC text, for the conformance tests. */
  static String decryptMac(ValueCipher cipher, SopsMetadata metadata) {
    EncryptedValue stored = EncryptedValue.parse(metadata.mac()).orElseThrow(
        () -> new SopsFormatException("sops.mac is not a SOPS encrypted value"));
    return new String(cipher.decryptBytes(stored,
        MetadataCodec.canonicalLastModified(metadata.lastModified())), StandardCharsets.UTF_8);
  }
}
