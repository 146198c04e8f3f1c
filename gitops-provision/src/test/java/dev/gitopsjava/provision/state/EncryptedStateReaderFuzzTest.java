package dev.gitopsjava.provision.state;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A state file is untrusted input (anyone with write access to the bucket or disk can change it):
 * any bytes must give a {@link StateDecryptionException} naming the file, never another exception,
 * a hang, or (without the key) a successful read.
 */
class EncryptedStateReaderFuzzTest {

  private static final StateEncryption ENCRYPTION = StateEncryption.builder()
      .passphrase("fuzzing-passphrase-0123456").build();

  @FuzzTest(maxDuration = "30s")
  void anyBytesGiveATypedErrorNamingTheFile(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    try {
      ENCRYPTION.decrypt(bytes, "fuzz.tfstate");
    } catch (StateDecryptionException expected) {
      if (!expected.getMessage().startsWith("fuzz.tfstate")) {
        throw new AssertionError("error does not name the file: " + expected.getMessage());
      }
      return;
    }
    throw new AssertionError("untrusted bytes decrypted without the key");
  }
}
