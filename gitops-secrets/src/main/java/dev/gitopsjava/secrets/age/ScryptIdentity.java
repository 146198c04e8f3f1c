package dev.gitopsjava.secrets.age;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A passphrase identity: opens {@code scrypt} stanzas. The work factor of a file is capped at
 * {@value #MAX_WORK_FACTOR}, as in the reference implementation, so a hostile file cannot demand
 * hours of CPU and gigabytes of memory.
 */
final class ScryptIdentity extends AgeIdentity {
  static final int MAX_WORK_FACTOR = 22;
  private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]*");

  private final String passphrase;
  private final int maxWorkFactor;

  ScryptIdentity(String passphrase, int maxWorkFactor) {
    this.passphrase = passphrase;
    this.maxWorkFactor = maxWorkFactor;
  }

  @Override
  public AgeRecipient recipient() {
    return new ScryptRecipient(passphrase, ScryptRecipient.DEFAULT_WORK_FACTOR);
  }

  @Override
  public String type() {
    return ScryptRecipient.TYPE;
  }

  @Override
  Optional<byte[]> unwrap(List<Stanza> stanzas) {
    for (Stanza stanza : stanzas) {
      if (!stanza.type().equals(ScryptRecipient.TYPE)) {
        continue;
      }
      if (stanza.args().size() != 2) {
        throw new AgeHeaderException("malformed scrypt stanza: " + stanza.args().size()
            + " arguments, expected 2 (salt and work factor)");
      }
      byte[] salt = HeaderBase64.decode(stanza.args().get(0))
          .filter(b -> b.length == ScryptRecipient.SALT_SIZE)
          .orElseThrow(() -> new AgeHeaderException(
              "malformed scrypt stanza: the salt is not 16 bytes of canonical base64"));
      String logN = stanza.args().get(1);
      if (!DECIMAL.matcher(logN).matches()) {
        throw new AgeHeaderException("malformed scrypt stanza: the work factor is not a decimal"
            + " number without leading zeros");
      }
      if (logN.length() > 2 || Integer.parseInt(logN) > maxWorkFactor) {
        throw new AgeHeaderException("scrypt work factor " + (logN.length() > 2 ? "too large"
            : logN) + " is above the maximum of " + maxWorkFactor);
      }
      if (stanza.body().length != FileKey.WRAPPED_SIZE) {
        throw new AgeHeaderException("malformed scrypt stanza: body has " + stanza.body().length
            + " bytes, expected " + FileKey.WRAPPED_SIZE);
      }
      byte[] wrapKey = ScryptRecipient.wrapKey(
          passphrase.getBytes(StandardCharsets.UTF_8), salt, Integer.parseInt(logN));
      Optional<byte[]> fileKey = FileKey.unwrap(wrapKey, stanza.body(), ScryptRecipient.TYPE);
      if (fileKey.isPresent()) {
        return fileKey;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "AgeIdentity[scrypt passphrase]";
  }
}
