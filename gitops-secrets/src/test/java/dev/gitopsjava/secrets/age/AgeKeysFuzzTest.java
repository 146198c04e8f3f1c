package dev.gitopsjava.secrets.age;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gitopsjava.secrets.sops.SopsAgeIdentities;
import dev.gitopsjava.secrets.sops.SopsKeyException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Identity files ({@code age-keygen} output, {@code SOPS_AGE_KEY}) and recipient strings are
 * untrusted text: any input gives keys or an {@link AgeKeyException} / {@link SopsKeyException}
 * naming the source, never another exception, and the message never repeats a line of the input
 * (it may be a secret key). A recipient that parses prints as a string that parses to itself.
 * Seeds in {@code AgeKeysFuzzTestInputs/}.
 */
class AgeKeysFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void identityFileGivesIdentitiesOrAnErrorWithoutTheKey(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      for (AgeIdentity identity : AgeIdentity.parseIdentities(text, "fuzz-keys.txt")) {
        AgeRecipient.parse(identity.recipient().toString());
        neverShows(identity.toString(), text);
      }
    } catch (AgeKeyException e) {
      namesSourceWithoutSecrets(e, "fuzz-keys.txt", text);
    }
    try {
      SopsAgeIdentities.fromEnvironment(Map.of("SOPS_AGE_KEY", text));
    } catch (SopsKeyException e) {
      namesSourceWithoutSecrets(e, "SOPS_AGE_KEY", text);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void recipientGivesARecipientOrAnAgeKeyException(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    AgeRecipient recipient;
    try {
      recipient = AgeRecipient.parse(text);
    } catch (AgeKeyException e) {
      return;
    }
    String printed = recipient.toString();
    if (!AgeRecipient.parse(printed).toString().equals(printed)) {
      throw new AssertionError("recipient does not print as itself: " + printed);
    }
  }

  private static void namesSourceWithoutSecrets(RuntimeException e, String source, String text) {
    if (e.getMessage() == null || !e.getMessage().contains(source)) {
      throw new AssertionError("error does not name " + source + ": " + e.getMessage(), e);
    }
    neverShows(e.getMessage(), text);
  }

  /** No word of 16 characters or more from a non-comment line of the input appears. */
  private static void neverShows(String shown, String text) {
    for (String line : text.split("\n")) {
      if (line.strip().startsWith("#")) {
        continue;
      }
      for (String word : List.of(line.split("\\s+"))) {
        if (word.length() >= 16 && shown.contains(word)) {
          throw new AssertionError("shows input text " + word + ": " + shown);
        }
      }
    }
  }
}
