package dev.gitopsjava.secrets.age;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.generators.SCrypt;

/** A passphrase recipient: the file key is wrapped under scrypt(passphrase). */
final class ScryptRecipient extends AgeRecipient {
  static final String TYPE = "scrypt";
  static final String LABEL = "age-encryption.org/v1/scrypt";
  static final int DEFAULT_WORK_FACTOR = 18;
  static final int SALT_SIZE = 16;

  private final byte[] passphrase;
  private final int workFactor;

  ScryptRecipient(String passphrase, int workFactor) {
    this.passphrase = passphrase.getBytes(StandardCharsets.UTF_8);
    this.workFactor = workFactor;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  Stanza wrap(byte[] fileKey, SecureRandom random) {
    byte[] salt = new byte[SALT_SIZE];
    random.nextBytes(salt);
    byte[] wrapKey = wrapKey(passphrase, salt, workFactor);
    return new Stanza(TYPE, List.of(HeaderBase64.encode(salt), Integer.toString(workFactor)),
        FileKey.wrap(wrapKey, fileKey));
  }

  static byte[] wrapKey(byte[] passphrase, byte[] salt, int workFactor) {
    byte[] label = LABEL.getBytes(StandardCharsets.US_ASCII);
    return SCrypt.generate(passphrase, X25519.concat(label, salt), 1 << workFactor, 8, 1, 32);
  }

  @Override
  public String toString() {
    return "AgeRecipient[scrypt, work factor " + workFactor + "]";
  }
}
