package dev.gitopsjava.secrets.age;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The header MAC: HMAC-SHA-256 keyed by HKDF-SHA-256(file key, no salt, "header"). */
final class HeaderMac {
  private HeaderMac() {}

  static byte[] compute(byte[] fileKey, byte[] macInput) {
    byte[] key = Hkdf.sha256(fileKey, null, "header", 32);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(macInput);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  static boolean verify(byte[] fileKey, Header header) {
    return MessageDigest.isEqual(compute(fileKey, header.macInput()), header.mac());
  }
}
