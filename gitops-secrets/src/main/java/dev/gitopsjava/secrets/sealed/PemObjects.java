package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterialException;
import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** The private keys and certificates in a PEM text (Bouncy Castle's PEM and ASN.1 readers, the JDK's key types). */
record PemObjects(List<PrivateKey> privateKeys, List<ControllerCertificate> certificates) {

  static boolean looksLikePem(String text) {
    return text.contains("-----BEGIN ");
  }

  /**
   * Reads every object in {@code pem}, in order.
   *
   * @throws KeyMaterialException naming {@code origin} if the text is not PEM or holds an encrypted
   *     or unreadable object
   */
  static PemObjects parse(String pem, String origin) {
    List<PrivateKey> keys = new ArrayList<>();
    List<ControllerCertificate> certs = new ArrayList<>();
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject o;
      while ((o = reader.readPemObject()) != null) {
        switch (o.getType()) {
          case "RSA PRIVATE KEY" -> {
            if (isEncrypted(o)) {
              throw new KeyMaterialException(origin, "encrypted private keys are not supported");
            }
            RSAPrivateKey k = RSAPrivateKey.getInstance(o.getContent());
            keys.add(KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(),
                k.getPublicExponent(), k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(),
                k.getExponent2(), k.getCoefficient())));
          }
          case "PRIVATE KEY" -> keys.add(KeyFactory.getInstance("RSA").generatePrivate(
              new PKCS8EncodedKeySpec(o.getContent())));
          case "ENCRYPTED PRIVATE KEY" ->
              throw new KeyMaterialException(origin, "encrypted private keys are not supported");
          case "CERTIFICATE" -> certs.add(ControllerCertificate.fromDer(o.getContent(), origin));
          default -> {
            // Other objects (public keys, parameters) carry nothing a sealer or opener needs.
          }
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyMaterialException(origin, "not a readable PEM file (" + e.getClass().getSimpleName() + ")", e);
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      // Bouncy Castle reports malformed ASN.1 inside a PEM block with these unchecked exceptions.
      throw new KeyMaterialException(origin, "malformed PEM content (" + e.getClass().getSimpleName() + ")", e);
    }
    return new PemObjects(List.copyOf(keys), List.copyOf(certs));
  }

  /** Counts only: the default record form would print each private key object. */
  @Override
  public String toString() {
    return "PemObjects[" + privateKeys.size() + " private keys, " + certificates.size()
        + " certificates]";
  }

  private static boolean isEncrypted(PemObject o) {
    for (Object header : o.getHeaders()) {
      if (header instanceof PemHeader h && "Proc-Type".equalsIgnoreCase(h.getName())
          && h.getValue() != null && h.getValue().contains("ENCRYPTED")) {
        return true;
      }
    }
    return false;
  }

  static String certificatePem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END CERTIFICATE-----\n";
  }

  /** PKCS#1 ({@code RSA PRIVATE KEY}) PEM, the controller's encoding. */
  static String privateKeyPem(PrivateKey key) {
    java.io.StringWriter out = new java.io.StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(key);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a private key", e);
    }
    return out.toString();
  }
}
