package dev.gitopsjava.provision.state;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.provision.internal.StateJson;
import java.nio.charset.StandardCharsets;

/**
 * A plaintext state file (a pushed one, a decrypted one, the state inside a saved plan) and a lock
 * file's info are untrusted input: any bytes give the value or a {@link StateException} naming the
 * source, never another exception; a state that reads writes back to the same state. Seeds in
 * {@code StateFilesFuzzTestInputs/}.
 */
class StateFilesFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void stateJsonGivesAStateOrAStateExceptionNamingTheFile(byte[] input) {
    State state;
    try {
      state = StateJson.read(input, "fuzz.tfstate");
    } catch (StateException e) {
      if (!e.getMessage().startsWith("fuzz.tfstate")) {
        throw new AssertionError("error does not name the file: " + e.getMessage(), e);
      }
      return;
    }
    State again = StateJson.read(StateJson.write(state), "written");
    if (!again.equals(state)) {
      throw new AssertionError("state changed on a write and read: " + state + " vs " + again);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void lockInfoGivesTheHolderOrAStateExceptionNamingTheFile(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    LockInfo info;
    try {
      info = LockInfo.fromJson(text, "fuzz.lock.info");
    } catch (StateException e) {
      if (!e.getMessage().startsWith("fuzz.lock.info")) {
        throw new AssertionError("error does not name the file: " + e.getMessage(), e);
      }
      return;
    }
    if (!LockInfo.fromJson(info.toJson(), "written").equals(info)) {
      throw new AssertionError("lock info changed on a write and read: " + info);
    }
  }
}
