package dev.gitopsjava.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.gitopsjava.secrets.age.AgeKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Whatever strings the values and key names are, a file this library encrypts decrypts back to
 * the same document, under every selection rule.
 */
class SopsRoundTripProperties {
  private static final AgeKeyPair KEYS = AgeKeyPair.generate(new SecureRandom());

  /** Any Unicode text: every code point except surrogates (which no UTF-8 file can hold). */
  private static Gen<String> text(int maxLength) {
    Gen<Integer> codePoint = integers().between(0, 0x10FFFF - 0x800)
        .map(cp -> cp >= 0xD800 ? cp + 0x800 : cp);
    Gen<Integer> mostlyAscii = integers().between(0x20, 0x7E);
    return lists().of(codePoint.mix(mostlyAscii, 50)).ofSizeBetween(0, maxLength)
        .map(cps -> {
          StringBuilder b = new StringBuilder();
          cps.forEach(b::appendCodePoint);
          return b.toString();
        });
  }

  private static Gen<TreeBranch> documents() {
    Gen<List<String>> keys = lists().of(text(12)).ofSizeBetween(0, 6);
    Gen<List<String>> values = lists().of(text(40)).ofSizeBetween(6, 6);
    return keys.zip(values, (ks, vs) -> {
      Set<String> unique = new LinkedHashSet<>(ks);
      unique.remove("sops");
      TreeBranch doc = new TreeBranch();
      TreeBranch nested = new TreeBranch();
      TreeList list = new TreeList();
      int i = 0;
      for (String k : unique) {
        String v = vs.get(i++ % vs.size());
        doc.put(k, TreeScalar.str(v));
        nested.put(k, TreeScalar.str(v));
        list.add(TreeScalar.str(v));
      }
      doc.put(unique.contains("nested") ? "nested\u0001" : "nested", nested);
      if (!unique.contains("list")) {
        doc.put("list", list);
      }
      return doc;
    });
  }

  /** A document with comments before, between and after entries, at every nesting level. */
  private static Gen<TreeBranch> commentedDocuments() {
    // YAML comments hold printable characters only (the writer replaces others with U+FFFD).
    Gen<String> comment = text(20).map(t -> " " + t.replaceAll(
        "[^\\t\\x20-\\x7e\\u00a0-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd\\x{10000}-\\x{10ffff}]", "?"));
    return documents().zip(lists().of(comment).ofSizeBetween(4, 4), (doc, comments) -> {
      TreeBranch d = doc.copy();
      d.members().add(0, new TreeComment(comments.get(0)));
      for (TreeMember m : d.members()) {
        if (m instanceof TreeEntry e && e.value() instanceof TreeBranch nested) {
          nested.add(new TreeComment(comments.get(1)));
          nested.members().add(0, new TreeComment(comments.get(2)));
        }
      }
      d.members().add(d.members().size() / 2, new TreeComment(comments.get(3)));
      d.add(new TreeComment(comments.get(1)));
      return d;
    });
  }

  @Test
  void yamlCommentsKeepTheirPlaceThroughEncryption() {
    qt().withExamples(30).forAll(commentedDocuments()).checkAssert(doc -> {
      Store store = SopsFormat.YAML.store();
      byte[] plaintext = store.write(List.of(doc), java.util.Optional.empty());
      assertEquals(List.of(doc), store.read(plaintext).documents(), "plaintext writer/reader");
      byte[] encrypted = SopsEncryptor.builder().recipients(List.of(KEYS.recipient())).build()
          .encrypt(plaintext, SopsFormat.YAML);
      byte[] decrypted = Sops.decrypt(encrypted, SopsFormat.YAML, List.of(KEYS.identity()));
      assertEquals(List.of(doc), store.read(decrypted).documents());
    });
  }

  private static Gen<SopsRules> rules() {
    return integers().between(0, 4).map(i -> switch (i) {
      case 0 -> SopsRules.defaults();
      case 1 -> SopsRules.encryptedRegex("^(nested|a)$");
      case 2 -> SopsRules.unencryptedRegex("e");
      case 3 -> SopsRules.encryptedSuffix("d");
      default -> SopsRules.defaults().withMacOnlyEncrypted(true);
    });
  }

  @Test
  void yamlEncryptThenDecryptIsIdentity() {
    roundTrip(SopsFormat.YAML);
  }

  @Test
  void jsonEncryptThenDecryptIsIdentity() {
    roundTrip(SopsFormat.JSON);
  }

  private static void roundTrip(SopsFormat format) {
    qt().withExamples(60).forAll(documents(), rules()).checkAssert((doc, rules) -> {
      Store store = format.store();
      byte[] plaintext = store.write(List.of(doc), java.util.Optional.empty());
      assertEquals(List.of(doc), store.read(plaintext).documents(), "plaintext writer/reader");
      byte[] encrypted = SopsEncryptor.builder().recipients(List.of(KEYS.recipient())).rules(rules)
          .build().encrypt(plaintext, format);
      SopsDocument read = SopsDocument.read(encrypted, format);
      assertEquals(rules, read.metadata().rules().orElseThrow());
      byte[] decrypted = read.decrypt(List.of(KEYS.identity()));
      assertEquals(List.of(doc), store.read(decrypted).documents());
      if (rules.equals(SopsRules.defaults())) {
        String enc = new String(encrypted, StandardCharsets.UTF_8);
        for (TreeMember m : doc.members()) {
          if (m instanceof TreeEntry e && e.value() instanceof TreeScalar s && s.text().length() > 8
              && !enc.contains("_unencrypted")) {
            assertFalse(enc.contains(s.text()), "a value appears in clear text");
          }
        }
      }
    });
  }
}
