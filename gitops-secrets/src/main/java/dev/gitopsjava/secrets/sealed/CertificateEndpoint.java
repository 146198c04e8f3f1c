package dev.gitopsjava.secrets.sealed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gitopsjava.secrets.SealingException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The controller's HTTP API, the part clients need: {@code GET /v1/cert.pem} and {@code /healthz}. */
final class CertificateEndpoint {
  private final HttpServer server;

  private CertificateEndpoint(HttpServer server) {
    this.server = server;
  }

  static CertificateEndpoint start(InetSocketAddress address, Supplier<String> certificatePem) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new SealingException("cannot listen on " + address + ": " + e.getMessage(), e);
    }
    server.createContext("/v1/cert.pem", exchange -> {
      if (!"GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "method not allowed\n");
        return;
      }
      respond(exchange, 200, "application/x-pem-file", certificatePem.get());
    });
    server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.start();
    return new CertificateEndpoint(server);
  }

  private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  URI certificateUrl() {
    InetSocketAddress a = server.getAddress();
    String host = a.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + a.getPort() + "/v1/cert.pem");
  }

  void stop() {
    server.stop(0);
  }
}
