package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.util.Properties;

/**
 * The sealed-secrets controller's certificate: the RSA public key that sealing uses. Read from PEM
 * (the first certificate, as kubeseal does) or fetched from the cluster. Accepts the controller's
 * certificate shape (empty subject, KeyUsage encipherOnly).
 *
 * <pre>{@code
 * ControllerCertificate cert = ControllerCertificate.read(KeySource.file(Path.of("cert.pem")));
 * ControllerCertificate live = ControllerCertificate.read(ControllerCertificate.fromCluster(client));
 * }</pre>
 */
public final class ControllerCertificate {
  /** The controller's default namespace. */
  public static final String DEFAULT_NAMESPACE = "kube-system";
  /** The controller's default Service name. */
  public static final String DEFAULT_CONTROLLER_NAME = "sealed-secrets-controller";

  private static final String ALLOW_EMPTY_ISSUER = "org.bouncycastle.x509.allow_empty_issuer_cert";

  private final Certificate certificate;
  private final byte[] der;
  private final RSAPublicKey publicKey;
  private final String origin;

  private ControllerCertificate(Certificate certificate, byte[] der, RSAPublicKey publicKey, String origin) {
    this.certificate = certificate;
    this.der = der;
    this.publicKey = publicKey;
    this.origin = origin;
  }

  /**
   * The first certificate of the first piece of material in {@code source}.
   *
   * @throws KeyMaterialException if there is no certificate or its key is not RSA
   */
  public static ControllerCertificate read(KeySource source) {
    List<KeyMaterial> material = source.keys();
    if (material.isEmpty()) {
      throw new KeyMaterialException(source.description(), "no certificate");
    }
    KeyMaterial first = material.get(0);
    return parsePem(first.text(), first.origin());
  }

  /** Parses the first certificate in {@code pem}; {@code origin} names it in errors. */
  public static ControllerCertificate parsePem(String pem, String origin) {
    Objects.requireNonNull(pem, "pem");
    Objects.requireNonNull(origin, "origin");
    List<ControllerCertificate> certs = PemObjects.parse(pem, origin).certificates();
    if (certs.isEmpty()) {
      throw new KeyMaterialException(origin, "no PEM CERTIFICATE found");
    }
    return certs.get(0);
  }

  /**
   * Parses a DER certificate. The controller's certificates have an empty issuer, which both the
   * JDK and (by default) Bouncy Castle refuse; the override below is scoped to this thread and
   * this call. The signature is not checked, as kubeseal does not check it either: trust comes
   * from where the certificate was obtained.
   */
  public static ControllerCertificate fromDer(byte[] der, String origin) {
    Objects.requireNonNull(der, "der");
    Objects.requireNonNull(origin, "origin");
    Certificate certificate;
    try {
      certificate = allowingEmptyIssuer(() -> Certificate.getInstance(der));
    } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
      throw new KeyMaterialException(origin, "malformed certificate (" + e.getClass().getSimpleName() + ")", e);
    }
    if (certificate == null) {
      throw new KeyMaterialException(origin, "empty certificate");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("RSA").generatePublic(
          new X509EncodedKeySpec(certificate.getSubjectPublicKeyInfo().getEncoded("DER")));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new KeyMaterialException(origin, "expected an RSA public key, found "
          + certificate.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().getId(), e);
    }
    if (!(key instanceof RSAPublicKey rsa)) {
      throw new KeyMaterialException(origin, "expected an RSA public key");
    }
    return new ControllerCertificate(certificate, der.clone(), rsa, origin);
  }

  /**
   * A key source that fetches the controller's certificate from the cluster through the API
   * server's service proxy, as kubeseal does:
   * {@code /api/v1/namespaces/kube-system/services/http:sealed-secrets-controller:<port>/proxy/v1/cert.pem}.
   */
  public static KeySource fromCluster(KubernetesClient client) {
    return fromCluster(client, DEFAULT_NAMESPACE, DEFAULT_CONTROLLER_NAME);
  }

  /** As {@link #fromCluster(KubernetesClient)}, for a controller with another namespace or Service name. */
  public static KeySource fromCluster(KubernetesClient client, String namespace, String controllerName) {
    return new ClusterCertificateSource(client, namespace, controllerName);
  }

  /** Runs {@code action} with Bouncy Castle's empty-issuer check off, for this thread only. */
  static <T> T allowingEmptyIssuer(java.util.function.Supplier<T> action) {
    boolean wasSet = Properties.isOverrideSetTo(ALLOW_EMPTY_ISSUER, true);
    Properties.setThreadOverride(ALLOW_EMPTY_ISSUER, true);
    try {
      return action.get();
    } finally {
      if (!wasSet) {
        Properties.removeThreadOverride(ALLOW_EMPTY_ISSUER);
      }
    }
  }

  /** The RSA public key. */
  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /** The certificate's DER encoding (a copy). */
  public byte[] encoded() {
    return der.clone();
  }

  /** The subject DN in RFC 4519 form; the empty string for the controller's certificates. */
  public String subject() {
    return certificate.getSubject().toString();
  }

  /** The serial number. */
  public BigInteger serialNumber() {
    return certificate.getSerialNumber().getValue();
  }

  /** Where the certificate came from. */
  public String origin() {
    return origin;
  }

  /** The start of the validity period. */
  public Instant notBefore() {
    return certificate.getStartDate().getDate().toInstant();
  }

  /** The end of the validity period. */
  public Instant notAfter() {
    return certificate.getEndDate().getDate().toInstant();
  }

  /**
   * Fails if the certificate has expired at {@code clock}'s now (kubeseal checks only NotAfter).
   *
   * @throws ExpiredCertificateException naming the certificate's origin
   */
  public ControllerCertificate requireUnexpired(Clock clock) {
    Instant now = clock.instant();
    if (now.isAfter(notAfter())) {
      throw new ExpiredCertificateException(origin, notAfter(), now);
    }
    return this;
  }

  /** The certificate as PEM, as the controller serves it at {@code /v1/cert.pem}. */
  public String toPem() {
    return PemObjects.certificatePem(der);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControllerCertificate c && Arrays.equals(der, c.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  @Override
  public String toString() {
    return "ControllerCertificate[" + origin + ", RSA " + publicKey.getModulus().bitLength()
        + ", notAfter " + notAfter() + "]";
  }
}
