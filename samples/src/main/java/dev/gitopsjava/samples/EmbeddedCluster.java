package dev.gitopsjava.samples;

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
 * fabric8's in-process API server in CRUD mode, on 127.0.0.1: the sample's default cluster. It
 * stores objects, versions them and sends watch events, but runs no controllers (see
 * {@link SimulatedDeploymentController}).
 */
final class EmbeddedCluster implements AutoCloseable {
  // Kept referenced (JUL holds loggers weakly): the server logs every request at INFO, and Netty
  // reports its own event loop shutting down as SEVERE when the server stops.
  private static final java.util.logging.Logger SERVER_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
  private static final java.util.logging.Logger NETTY_LOG = java.util.logging.Logger.getLogger("io.netty");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client) {
    this.server = server;
    this.client = client;
  }

  static EmbeddedCluster start() {
    SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    NETTY_LOG.setLevel(java.util.logging.Level.OFF);
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(server.url("/"))
        .withNamespace("default")
        .withRequestTimeout(10_000)
        .withRequestRetryBackoffLimit(0)
        .build();
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    client.namespaces().list(); // the first request pays the server's start-up
    return new EmbeddedCluster(server, client);
  }

  KubernetesClient client() {
    return client;
  }

  String url() {
    return server.url("/");
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
