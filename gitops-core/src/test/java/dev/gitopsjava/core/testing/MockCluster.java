package dev.gitopsjava.core.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's in-process API server in CRUD mode on loopback, with a client whose requests time out
 * after 10 s (a bad request fails instead of hanging; 2 s, as the mock notes suggest, proved flaky
 * when many test JVMs share two cores) and that does not retry on its own (so tests see every
 * failure). The first request, which costs the server a second or more, is made here. Start one per test class: running informers survive
 * {@code server.reset()}. See docs/fabric8-mock-notes.md for what it cannot emulate.
 */
public final class MockCluster implements AutoCloseable {
  // Held so the setting is not garbage-collected: the server logs every request at INFO.
  private static final java.util.logging.Logger SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private MockCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  /** Starts a fresh server and a client for it. */
  public static MockCluster start() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace("default")
        .withRequestTimeout(10_000)
        .withConnectionTimeout(10_000)
        .withRequestRetryBackoffLimit(0)
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    client.namespaces().list(); // warm-up
    return new MockCluster(server, client);
  }

  /** A client for the server (closed with this object). */
  public KubernetesClient client() {
    return client;
  }

  /** The server, for expectations. */
  public KubernetesMockServer server() {
    return server;
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
