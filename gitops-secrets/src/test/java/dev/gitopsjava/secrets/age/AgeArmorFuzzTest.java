package dev.gitopsjava.secrets.age;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Hostile armor: the decoder ends in bytes or an {@link AgeArmorException}, never another
 * exception; it holds at most one line (1 KiB) whatever the input size. Seeds in {@code
 * AgeArmorFuzzTestInputs/} are armored CCTV vectors.
 */
class AgeArmorFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void dearmorEndsInBytesOrArmorException(byte[] armored) throws IOException {
    try (InputStream in = AgeArmor.dearmor(new ByteArrayInputStream(armored))) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (AgeArmorException expected) {
      // a typed failure is a correct outcome for hostile input
    }
  }
}
