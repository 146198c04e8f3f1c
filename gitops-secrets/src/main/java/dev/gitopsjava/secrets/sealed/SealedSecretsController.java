package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterWatch;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embeddable sealed-secrets controller, for platforms that run no Bitnami controller: it loads
 * (or generates and stores) the controller's keys, watches SealedSecret resources, keeps each one's
 * Secret in step (created, updated when the SealedSecret changes, created again if someone deletes
 * it, deleted with the SealedSecret), reports the
 * outcome on the SealedSecret's status as a {@code Synced} condition as the Bitnami controller
 * does, and serves the newest certificate as PEM.
 *
 * <pre>{@code
 * try (SealedSecretsController controller = SealedSecretsController.builder()
 *     .client(kubernetesClient)
 *     .keyNamespace("kube-system")
 *     .build()
 *     .start()) {
 *   String pem = controller.certificatePem();      // what kubeseal --fetch-cert prints
 *   ...
 * }
 * }</pre>
 *
 * <p>Secrets are read and written through gitops-core's {@link ClusterClient}; the status
 * subresource, which {@code ClusterClient} does not expose, through the fabric8 client directly.
 * Events are handled one at a time on a single thread, in arrival order.
 */
public final class SealedSecretsController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SealedSecretsController.class);

  private final ControllerLoop loop;
  private final @Nullable InetSocketAddress endpointAddress;
  private final ExecutorService worker;
  private @Nullable ClusterWatch watch;
  private @Nullable CertificateEndpoint endpoint;
  private boolean started;
  private boolean closed;

  private SealedSecretsController(Builder b) {
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "sealed-secrets-controller");
      t.setDaemon(true);
      return t;
    });
    ControllerKeys keyStore = new ControllerKeys(ClusterClient.fabric8(b.client), b.keyNamespace, b.keys,
        b.generateKeyIfMissing, b.keySize, b.certificateTtl, b.clock, b.random);
    this.loop = new ControllerLoop(ClusterClient.fabric8(b.client), new StatusWriter(b.client, b.clock), keyStore,
        b.watchNamespace);
    this.endpointAddress = b.endpointAddress;
  }

  /** A builder; {@link Builder#client} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads or generates the keys, starts the certificate endpoint if configured, and starts
   * watching. Existing SealedSecrets are reconciled as the watch reports them.
   *
   * @throws dev.gitopsjava.secrets.KeyMaterialException if the stored keys cannot be read, or there
   *     are none and generating one is off
   */
  public synchronized SealedSecretsController start() {
    if (started) {
      throw new IllegalStateException("already started");
    }
    started = true;
    loop.loadKeys();
    if (endpointAddress != null) {
      endpoint = CertificateEndpoint.start(endpointAddress, this::certificatePem);
    }
    watch = loop.watch(event -> worker.execute(() -> loop.handle(event)));
    LOG.info("sealed-secrets controller started, watching {}",
        loop.watchNamespace().isEmpty() ? "all namespaces" : "namespace " + loop.watchNamespace());
    return this;
  }

  /** The certificate of the newest key: the one clients seal with. */
  public ControllerCertificate certificate() {
    return loop.keys().newest().certificate().orElseThrow(() ->
        new IllegalStateException("the newest key has no certificate"));
  }

  /** The newest certificate as PEM, as {@code GET /v1/cert.pem} serves it. */
  public String certificatePem() {
    return certificate().toPem();
  }

  /** The keys in use, newest first. */
  public SealingKeys keys() {
    return loop.keys();
  }

  /** The URL of {@code /v1/cert.pem} when the endpoint is enabled. */
  public Optional<URI> certificateUrl() {
    return Optional.ofNullable(endpoint).map(CertificateEndpoint::certificateUrl);
  }


  /** Stops watching, the endpoint and the worker. Does not close the fabric8 client. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (watch != null) {
      watch.close();
    }
    if (endpoint != null) {
      endpoint.stop();
    }
    worker.shutdown();
    try {
      if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Set-once configuration; {@link #client} is required. */
  public static final class Builder {
    private @Nullable KubernetesClient client;
    private String keyNamespace = ControllerCertificate.DEFAULT_NAMESPACE;
    private boolean keyNamespaceSet;
    private String watchNamespace = "";
    private boolean watchNamespaceSet;
    private @Nullable SealingKeys keys;
    private boolean generateKeyIfMissing = true;
    private int keySize = SealingKey.DEFAULT_KEY_BITS;
    private boolean keySizeSet;
    private Duration certificateTtl = SealingKey.DEFAULT_CERTIFICATE_TTL;
    private boolean certificateTtlSet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;
    private SecureRandom random = new SecureRandom();
    private boolean randomSet;
    private @Nullable InetSocketAddress endpointAddress;

    private Builder() {}

    /** The cluster (required); the caller keeps ownership and closes it. */
    public Builder client(KubernetesClient client) {
      Once.check(this.client, "client");
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Where the key Secrets live (default {@code kube-system}). */
    public Builder keyNamespace(String namespace) {
      if (keyNamespaceSet) {
        throw new IllegalStateException("keyNamespace(..) was already set");
      }
      if (Objects.requireNonNull(namespace, "namespace").isEmpty()) {
        throw new IllegalArgumentException("keyNamespace must not be empty");
      }
      keyNamespaceSet = true;
      this.keyNamespace = namespace;
      return this;
    }

    /** Watch one namespace only (default: all namespaces). */
    public Builder watchNamespace(String namespace) {
      if (watchNamespaceSet) {
        throw new IllegalStateException("watchNamespace(..) was already set");
      }
      watchNamespaceSet = true;
      this.watchNamespace = Objects.requireNonNull(namespace, "namespace");
      return this;
    }

    /** Use these keys instead of the key Secrets in the cluster (nothing is stored). */
    public Builder keys(SealingKeys keys) {
      Once.check(this.keys, "keys");
      this.keys = Objects.requireNonNull(keys, "keys");
      return this;
    }

    /** Whether to generate and store a key when the cluster has none (default true, as Bitnami). */
    public Builder generateKeyIfMissing(boolean generate) {
      this.generateKeyIfMissing = generate;
      return this;
    }

    /** The size of a generated key (default 4096, at least 2048). */
    public Builder keySize(int bits) {
      if (keySizeSet) {
        throw new IllegalStateException("keySize(..) was already set");
      }
      if (bits < 2048) {
        throw new IllegalArgumentException("keySize must be at least 2048, was " + bits);
      }
      keySizeSet = true;
      this.keySize = bits;
      return this;
    }

    /** The lifetime of a generated key's certificate (default 10 years). */
    public Builder certificateTtl(Duration ttl) {
      if (certificateTtlSet) {
        throw new IllegalStateException("certificateTtl(..) was already set");
      }
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("certificateTtl must be positive, was " + ttl);
      }
      certificateTtlSet = true;
      this.certificateTtl = ttl;
      return this;
    }

    /** The clock for certificates and status timestamps. */
    public Builder clock(Clock clock) {
      if (clockSet) {
        throw new IllegalStateException("clock(..) was already set");
      }
      clockSet = true;
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The randomness for key generation. */
    public Builder random(SecureRandom random) {
      if (randomSet) {
        throw new IllegalStateException("random(..) was already set");
      }
      randomSet = true;
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Serve {@code GET /v1/cert.pem} (and {@code /healthz}) over HTTP on {@code address}, e.g.
     * {@code new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)} for any free loopback port.
     */
    public Builder certificateEndpoint(InetSocketAddress address) {
      Once.check(this.endpointAddress, "certificateEndpoint");
      this.endpointAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** A controller, not yet started. */
    public SealedSecretsController build() {
      if (client == null) {
        throw new IllegalStateException("client(..) is required");
      }
      return new SealedSecretsController(this);
    }
  }
}
