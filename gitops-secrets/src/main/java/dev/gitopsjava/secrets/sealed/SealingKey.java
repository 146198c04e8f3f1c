package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.SealingException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.Validity;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * One of the controller's private keys, with its certificate when known (key Secrets and
 * {@link #generate generated} keys have one; a bare PEM key has none). {@link #toString()} never
 * shows the key.
 */
public final class SealingKey {
  /** The controller's default key size. */
  public static final int DEFAULT_KEY_BITS = 4096;
  /** The controller's default certificate lifetime ({@code --key-ttl}, 10 years). */
  public static final Duration DEFAULT_CERTIFICATE_TTL = Duration.ofHours(87_600);

  private final RSAPrivateKey privateKey;
  private final @Nullable ControllerCertificate certificate;
  private final String origin;

  private SealingKey(RSAPrivateKey privateKey, @Nullable ControllerCertificate certificate, String origin) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.origin = origin;
  }

  /**
   * A key from a parsed private key and optional certificate.
   *
   * @throws KeyMaterialException if the key is not RSA, or the certificate is not for this key
   */
  public static SealingKey of(PrivateKey privateKey, @Nullable ControllerCertificate certificate, String origin) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(origin, "origin");
    if (!(privateKey instanceof RSAPrivateKey rsa)) {
      throw new KeyMaterialException(origin, "expected an RSA private key, found " + privateKey.getAlgorithm());
    }
    if (certificate != null && !certificate.publicKey().getModulus().equals(rsa.getModulus())) {
      throw new KeyMaterialException(origin, "the certificate does not match the private key");
    }
    return new SealingKey(rsa, certificate, origin);
  }

  /**
   * Generates a key and a self-signed certificate shaped like the controller's: empty subject and
   * issuer, random serial below 2^128, KeyUsage encipherOnly, CA:TRUE, SHA256withRSA, valid from
   * now for {@code ttl}.
   */
  public static SealingKey generate(int bits, Duration ttl, Clock clock, SecureRandom random) {
    if (bits < 2048) {
      throw new IllegalArgumentException("key size must be at least 2048 bits, was " + bits);
    }
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("certificate ttl must be positive, was " + ttl);
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
      KeyPair pair = generator.generateKeyPair();
      Instant now = clock.instant();
      X500Name empty = new X500Name(new RDN[0]);
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
      Extensions extensions = new Extensions(new Extension[] {
          new Extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.encipherOnly).getEncoded(ASN1Encoding.DER)),
          new Extension(Extension.basicConstraints, true, new BasicConstraints(true).getEncoded(ASN1Encoding.DER))});
      // Bouncy Castle's certificate builders (and TBSCertificate's constructor) refuse the empty
      // issuer the controller uses, so the TBSCertificate is assembled as its ASN.1 sequence.
      ASN1EncodableVector tbs = new ASN1EncodableVector();
      tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(2)));
      tbs.add(new ASN1Integer(new BigInteger(128, random)));
      tbs.add(signer.getAlgorithmIdentifier());
      tbs.add(empty);
      tbs.add(new Validity(new Time(Date.from(now)), new Time(Date.from(now.plus(ttl)))));
      tbs.add(empty);
      tbs.add(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
      tbs.add(new DERTaggedObject(true, 3, extensions));
      byte[] tbsDer = new DERSequence(tbs).getEncoded(ASN1Encoding.DER);
      try (var signatureInput = signer.getOutputStream()) {
        signatureInput.write(tbsDer);
      }
      ASN1EncodableVector certificate = new ASN1EncodableVector();
      certificate.add(ASN1Primitive.fromByteArray(tbsDer));
      certificate.add(signer.getAlgorithmIdentifier());
      certificate.add(new DERBitString(signer.getSignature()));
      byte[] der = new DERSequence(certificate).getEncoded(ASN1Encoding.DER);
      String origin = "generated at " + now;
      return of(pair.getPrivate(), ControllerCertificate.fromDer(der, origin), origin);
    } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
      throw new SealingException("cannot generate a sealing key: " + e.getClass().getSimpleName(), e);
    }
  }

  /** The private key. */
  public RSAPrivateKey privateKey() {
    return privateKey;
  }

  /** The public half, from the certificate or derived from the private key. */
  public RSAPublicKey publicKey() {
    if (certificate != null) {
      return certificate.publicKey();
    }
    if (privateKey instanceof RSAPrivateCrtKey crt) {
      try {
        return (RSAPublicKey) java.security.KeyFactory.getInstance("RSA")
            .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("RSA is always available", e);
      }
    }
    throw new KeyMaterialException(origin, "the private key does not carry its public exponent");
  }

  /** The certificate, if known. */
  public Optional<ControllerCertificate> certificate() {
    return Optional.ofNullable(certificate);
  }

  /** Where the key came from. */
  public String origin() {
    return origin;
  }

  /** The private key as PKCS#1 PEM, as the controller stores it; handle with care. */
  public String privateKeyPem() {
    return PemObjects.privateKeyPem(privateKey);
  }

  @Override
  public String toString() {
    return "SealingKey[" + origin + ", RSA " + privateKey.getModulus().bitLength() + "]";
  }
}
