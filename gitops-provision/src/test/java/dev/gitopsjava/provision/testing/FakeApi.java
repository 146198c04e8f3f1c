package dev.gitopsjava.provision.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * An in-process HTTP API on 127.0.0.1 for provider tests: routes (method + path regex) answered by
 * handlers, every request recorded, and faults queued per route (an error reply instead of the
 * handler, or the handler's work done and the connection closed before any reply).
 */
public final class FakeApi implements AutoCloseable {
  public static final JsonMapper JSON = JsonMapper.builder().build();

  /** A received request. */
  public record Request(String method, String path, Map<String, List<String>> query,
      Map<String, String> headers, JsonNode body, Matcher match) {
    public String param(String name) {
      List<String> values = query.get(name);
      return values == null || values.isEmpty() ? "" : values.get(0);
    }

    public String group(int i) {
      return match.group(i);
    }
  }

  /** A reply. */
  public record Reply(int status, Map<String, String> headers, String body) {
    public static Reply json(int status, JsonNode body) {
      return new Reply(status, Map.of(), body.toString());
    }

    public static Reply json(int status, String body) {
      return new Reply(status, Map.of(), body);
    }

    public static Reply empty(int status) {
      return new Reply(status, Map.of(), "");
    }

    public Reply withHeader(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Reply(status, h, body);
    }
  }

  private record Route(String method, Pattern path, Function<Request, Reply> handler) {}

  private record Fault(String method, Pattern path, Reply reply, boolean lostAfterWork) {}

  private final HttpServer server;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private Function<Reply, Reply> decorator = r -> r;

  public FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:PORT} */
  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public FakeApi route(String method, String pathRegex, Function<Request, Reply> handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), handler));
    return this;
  }

  /** Applied to every reply the handlers and faults produce (e.g. rate-limit headers). */
  public synchronized void decorate(Function<Reply, Reply> decorator) {
    this.decorator = decorator;
  }

  /** The next matching request gets {@code reply} and the handler does not run. */
  public synchronized void failNext(String method, String pathRegex, Reply reply) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), reply, false));
  }

  /** The next matching request is carried out, then the connection closes with no reply. */
  public synchronized void loseNextResponse(String method, String pathRegex) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), Reply.empty(0), true));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests of {@code method} whose path matches {@code pathRegex}. */
  public List<Request> requests(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return requests.stream()
        .filter(r -> r.method().equals(method) && p.matcher(r.path()).matches()).toList();
  }

  private synchronized Fault takeFault(String method, String path) {
    for (Fault f : faults) {
      if (f.method().equals(method) && f.path().matcher(path).matches()) {
        faults.remove(f);
        return f;
      }
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getRawPath();
      byte[] raw = ex.getRequestBody().readAllBytes();
      JsonNode body = raw.length == 0 ? MissingNode.getInstance() : JSON.readTree(raw);
      Map<String, String> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
          v.get(0)));
      Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
      Fault fault = takeFault(method, path);
      Reply reply = null;
      if (fault != null && !fault.lostAfterWork()) {
        record(method, path, query, headers, body, Pattern.compile(".*").matcher(path));
        reply = fault.reply();
      } else {
        for (Route route : routes) {
          Matcher m = route.path().matcher(path);
          if (route.method().equals(method) && m.matches()) {
            Request request = record(method, path, query, headers, body, m);
            try {
              reply = route.handler().apply(request);
            } catch (RuntimeException | AssertionError e) {
              // A shape assertion failed in the handler: keep it for the test, answer 500.
              errors.add(e);
              reply = Reply.json(500, "{\"error\":{\"code\":\"fake_assertion\",\"message\":\"see"
                  + " handlerErrors()\"}}");
            }
            break;
          }
        }
        if (reply == null) {
          record(method, path, query, headers, body, Pattern.compile(".*").matcher(path));
          reply = Reply.json(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route "
              + method + " " + path + "\"}}");
        }
        if (fault != null) {
          return; // work done, connection closed without a status line
        }
      }
      Reply out;
      synchronized (this) {
        out = decorator.apply(reply);
      }
      out.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] bytes = out.body().getBytes(StandardCharsets.UTF_8);
      if (!out.body().isEmpty()) {
        ex.getResponseHeaders().add("Content-Type", "application/json");
      }
      ex.sendResponseHeaders(out.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(bytes);
        }
      }
    }
  }

  private final List<Throwable> errors = new CopyOnWriteArrayList<>();

  /** Failures thrown by handlers (shape assertions); a test checks this is empty. */
  public List<Throwable> handlerErrors() {
    return List.copyOf(errors);
  }

  private Request record(String method, String path, Map<String, List<String>> query,
      Map<String, String> headers, JsonNode body, Matcher m) {
    Request r = new Request(method, path, query, headers, body, m);
    requests.add(r);
    return r;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
