package dev.gitopsjava.provision.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class Pbkdf2PassphraseTest {
  private static final String PASSPHRASE = "correct horse battery staple";

  private static Pbkdf2Metadata meta(int saltByte) {
    byte[] salt = new byte[32];
    Arrays.fill(salt, (byte) saltByte);
    return new Pbkdf2Metadata(salt, 1_000, "sha512", 32);
  }

  @Test
  void theSameMetadataReadTwiceSharesOneDerivedKey() {
    Pbkdf2Passphrase key = new Pbkdf2Passphrase("main", PASSPHRASE);
    // Two decodes of the same file give equal metadata with distinct salt arrays.
    Pbkdf2Metadata first = Pbkdf2Metadata.decode(meta(7).encode());
    Pbkdf2Metadata second = Pbkdf2Metadata.decode(meta(7).encode());
    assertEquals(first, second);
    assertEquals(first.hashCode(), second.hashCode());
    assertArrayEquals(key.key(first), key.key(second));
    assertEquals(1, key.cachedKeys(), "one derivation, not one per read");
    assertFalse(meta(7).equals(meta(8)), "another salt is another key");
  }

  @Test
  void manyFilesWithTheirOwnSaltsDoNotGrowTheCacheWithoutBound() {
    Pbkdf2Passphrase key = new Pbkdf2Passphrase("main", PASSPHRASE);
    byte[] firstKey = key.key(meta(0));
    for (int i = 1; i < 100; i++) {
      key.key(meta(i));
    }
    assertEquals(16, key.cachedKeys());
    assertArrayEquals(firstKey, key.key(meta(0)), "an evicted key is derived again, the same");
  }
}
