package dev.gitopsjava.secrets.sops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.secrets.SealingException;
import java.util.Optional;

/**
 * Hostile input for the SOPS document reader: whatever the bytes, each store returns a result or
 * throws a {@link SealingException} subtype, never anything else; a document it reads can be
 * written and read back unchanged. Regression inputs live in
 * {@code src/test/resources/.../SopsDocumentFuzzTestInputs/}.
 */
class SopsDocumentFuzzTest {
  private static final DataKey KEY = new DataKey(new byte[32]);

  @FuzzTest(maxDuration = "60s")
  void anyInputReadsOrFailsWithASealingException(byte[] input) {
    for (SopsFormat format : SopsFormat.values()) {
      try {
        SopsDocument doc = SopsDocument.read(input, format);
        doc.metadata().recipients();
        doc.decrypt(KEY);
      } catch (SealingException expected) {
        // the typed failure the module promises
      }
      if (format.canEncrypt()) {
        try {
          SopsFile file = format.store().read(input);
          if (file.documents().size() == 1 || format == SopsFormat.YAML) {
            byte[] written = format.store().write(file.documents(), Optional.empty());
            assertEquals(file.documents(), format.store().read(written).documents());
          }
        } catch (SealingException expected) {
          // malformed input
        }
      }
    }
  }
}
