package dev.gitopsjava.provision.internal;

import static java.util.Objects.requireNonNull;

import dev.gitopsjava.provision.spi.TransientProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * One JSON request, one response, no retries (the engine retries). A request that gets no response
 * (connection closed, reset, timeout) becomes a {@link TransientProviderException} whose message
 * says the outcome is unknown, so the caller looks before repeating a create.
 *
 * <p>Messages name the provider, method and path; never headers or bodies, which carry tokens and
 * passwords.
 */
public final class JsonHttp {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final String provider;
  private final HttpClient client;
  private final Duration requestTimeout;

  /** A client for one provider's JSON API; {@code provider} names it in messages. */
  public JsonHttp(String provider, HttpClient client, Duration requestTimeout) {
    this.provider = requireNonNull(provider, "provider");
    this.client = requireNonNull(client, "client");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout");
  }

  /**
   * The client the built-in providers share: HTTP/1.1, 10 s connect timeout, no redirects. One
   * per process, because the engine configures a provider per command and a JDK 17 HttpClient
   * cannot be closed (its threads and pooled connections live until it is garbage).
   */
  public static HttpClient defaultClient() {
    return SharedClient.INSTANCE;
  }

  private static final class SharedClient {
    static final HttpClient INSTANCE = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** The JSON mapper request bodies are built with. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** A status, the headers and the parsed body ({@link MissingNode} when empty or not JSON). */
  public record Response(int status, HttpHeaders headers, JsonNode body) {
    /** True for a 2xx status. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The first value of a response header, or null. */
    public @Nullable String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** Sends {@code method uri} with {@code headers} and an optional JSON {@code body}. */
  public Response exchange(String method, URI uri, Map<String, String> headers,
      @Nullable JsonNode body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Accept", "application/json");
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new TransientProviderException(provider, label(method, uri)
          + ": no response within " + requestTimeout + "; the outcome is unknown", e);
    } catch (IOException e) {
      throw new TransientProviderException(provider, label(method, uri)
          + ": connection failed before a response (" + e.getClass().getSimpleName()
          + "); the outcome is unknown", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransientProviderException(provider, label(method, uri)
          + ": interrupted; the outcome is unknown", e);
    }
    return new Response(response.statusCode(), response.headers(), parse(response.body()));
  }

  private static JsonNode parse(byte[] bytes) {
    if (bytes.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      return MissingNode.getInstance();
    }
  }

  /** {@code METHOD /path} for messages: no query string, no host. */
  public static String label(String method, URI uri) {
    return method + " " + uri.getRawPath();
  }
}
