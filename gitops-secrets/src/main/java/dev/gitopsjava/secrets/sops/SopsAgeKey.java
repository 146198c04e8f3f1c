package dev.gitopsjava.secrets.sops;

import java.util.Objects;

/**
 * One {@code sops.age[]} entry: a recipient and the data key wrapped for it, an armored age file.
 *
 * @param recipient the age recipient ({@code age1…}, or {@code age1pq1…} for post-quantum)
 * @param enc the armored age file whose payload is the 32-byte data key
 */
public record SopsAgeKey(String recipient, String enc) {
  /** Checks the components. */
  public SopsAgeKey {
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(enc, "enc");
  }
}
