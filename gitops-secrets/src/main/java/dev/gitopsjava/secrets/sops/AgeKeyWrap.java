package dev.gitopsjava.secrets.sops;

import dev.gitopsjava.secrets.age.Age;
import dev.gitopsjava.secrets.age.AgeException;
import dev.gitopsjava.secrets.age.AgeIdentity;
import dev.gitopsjava.secrets.age.AgeNoMatchException;
import dev.gitopsjava.secrets.age.AgeRecipient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The data key wrapped per age recipient, as SOPS's age key source does it: one armored age file
 * per recipient, whose payload is the raw 32-byte key.
 */
final class AgeKeyWrap {
  private AgeKeyWrap() {}

  static List<SopsAgeKey> wrap(DataKey key, List<? extends AgeRecipient> recipients, SecureRandom random) {
    List<SopsAgeKey> out = new ArrayList<>();
    for (AgeRecipient r : recipients) {
      byte[] k = key.bytes();
      ByteArrayOutputStream armored = new ByteArrayOutputStream();
      try (OutputStream enc = Age.encrypt(armored, List.of(r), true, random)) {
        enc.write(k);
      } catch (IOException e) {
        throw new UncheckedIOException("in-memory stream failed", e);
      } finally {
        Arrays.fill(k, (byte) 0);
      }
      out.add(new SopsAgeKey(r.toString(), armored.toString(StandardCharsets.US_ASCII)));
    }
    return out;
  }

  /**
   * Unwraps the data key with the first entry one of {@code identities} opens.
   *
   * @throws SopsKeyException if none does; the message lists the recipients and why each failed
   */
  static DataKey unwrap(SopsMetadata metadata, List<? extends AgeIdentity> identities) {
    if (metadata.keyGroups() > 1) {
      throw new SopsUnsupportedException("the file uses " + metadata.keyGroups()
          + " key groups (Shamir secret sharing), which is not supported");
    }
    if (metadata.ageKeys().isEmpty()) {
      throw new SopsKeyException("the data key is not wrapped for any age recipient"
          + (metadata.otherKeyTypes().isEmpty() ? "" : " (only for " + metadata.otherKeyTypes()
              + ", which are not supported)"));
    }
    if (identities.isEmpty()) {
      throw new SopsKeyException("no age identities given (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY); "
          + "the file is encrypted for " + metadata.recipients());
    }
    List<String> failures = new ArrayList<>();
    for (SopsAgeKey entry : metadata.ageKeys()) {
      byte[] plain = null;
      try {
        plain = Age.decrypt(entry.enc().getBytes(StandardCharsets.UTF_8), identities);
        if (plain.length != DataKey.LENGTH) {
          failures.add(shortName(entry.recipient()) + ": wrapped key has " + plain.length + " bytes");
          continue;
        }
        return new DataKey(plain);
      } catch (AgeNoMatchException e) {
        failures.add(shortName(entry.recipient()) + ": no matching identity");
      } catch (AgeException | IllegalArgumentException e) {
        failures.add(shortName(entry.recipient()) + ": " + e.getMessage());
      } finally {
        if (plain != null) {
          Arrays.fill(plain, (byte) 0);
        }
      }
    }
    throw new SopsKeyException("none of the given age identities can decrypt the data key ("
        + String.join("; ", failures) + ")");
  }

  /** Post-quantum recipients are ~2 KB long; messages show their start only. */
  private static String shortName(String recipient) {
    return recipient.length() > 72 ? recipient.substring(0, 24) + "…" : recipient;
  }
}
