package dev.gitopsjava.provision.openstack;

import dev.gitopsjava.provision.internal.HttpFailures;
import dev.gitopsjava.provision.internal.JsonHttp;
import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.TransientProviderException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Keystone v3 token and its service catalog, fetched on first use and again when it is within
 * {@link #RENEW_BEFORE} of {@code expires_at} or a service rejected it.
 */
final class KeystoneSession {
  /** Renew this long before expiry, so a token does not run out in the middle of a request. */
  static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

  /**
   * A token: the value is the {@code X-Subject-Token} header, not shown by toString.
   *
   * @param renewAt when to fetch a new one: {@link #RENEW_BEFORE} before expiry, or half-way
   *     through a token's life when it was issued with less than twice that margin
   */
  record Token(String value, Instant expiresAt, Instant renewAt, JsonNode catalog) {
    @Override
    public String toString() {
      return "Token[expiresAt=" + expiresAt + "]";
    }
  }

  private final JsonHttp http;
  private final OpenStackCredentials credentials;
  private final Clock clock;
  private @Nullable Token token;
  private int authentications;

  KeystoneSession(JsonHttp http, OpenStackCredentials credentials, Clock clock) {
    this.http = http;
    this.credentials = credentials;
    this.clock = clock;
  }

  synchronized Token token() {
    Token current = token;
    if (current != null && clock.instant().isBefore(current.renewAt())) {
      return current;
    }
    token = authenticate();
    return token;
  }

  /** Forgets the cached token (a service answered 401). */
  synchronized void invalidate() {
    token = null;
  }

  /** How many times a token was requested; for tests of the cache. */
  synchronized int authentications() {
    return authentications;
  }

  private Token authenticate() {
    authentications++;
    URI uri = tokensUri(credentials.authUrl());
    JsonHttp.Response r = http.exchange("POST", uri, Map.of(), credentials.authBody());
    String request = JsonHttp.label("POST", uri);
    if (!r.ok()) {
      JsonNode error = r.body().path("error");
      String message = error.path("title").asString("") + " " + error.path("message").asString("");
      if (r.status() == 401) {
        throw new PermanentProviderException(OpenStackProvider.NAME, request
            + ": authentication failed (check the OS_* credentials): " + message.strip());
      }
      throw HttpFailures.of(OpenStackProvider.NAME, request, r.status(), message.strip(),
          HttpFailures.retryAfter(r.headers(), clock));
    }
    String value = r.header("X-Subject-Token");
    if (value == null || value.isBlank()) {
      throw new TransientProviderException(OpenStackProvider.NAME,
          request + ": response has no X-Subject-Token header");
    }
    JsonNode body = r.body().path("token");
    Instant expires;
    try {
      expires = Instant.parse(body.path("expires_at").asString(""));
    } catch (DateTimeParseException e) {
      throw new PermanentProviderException(OpenStackProvider.NAME,
          request + ": token.expires_at is not an ISO-8601 instant", e);
    }
    Instant now = clock.instant();
    Duration life = Duration.between(now, expires);
    Duration margin = life.dividedBy(2).compareTo(RENEW_BEFORE) < 0 ? life.dividedBy(2)
        : RENEW_BEFORE;
    return new Token(value, expires, expires.minus(margin), body.path("catalog"));
  }

  /**
   * The endpoint URL of {@code serviceType} for {@code iface} in {@code region}, used as given (it
   * may already contain the project ID).
   */
  URI endpoint(String serviceType, String iface, String region) {
    JsonNode catalog = token().catalog();
    TreeSet<String> seen = new TreeSet<>();
    for (JsonNode service : catalog) {
      if (!serviceType.equals(service.path("type").asString(""))) {
        continue;
      }
      for (JsonNode e : service.path("endpoints")) {
        String r = e.path("region_id").asString(e.path("region").asString(""));
        seen.add(e.path("interface").asString("") + "@" + r);
        if (iface.equals(e.path("interface").asString(""))
            && (region.equals(r) || region.equals(e.path("region").asString("")))) {
          String url = e.path("url").asString("");
          return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        }
      }
    }
    throw new PermanentProviderException(OpenStackProvider.NAME, "the service catalog has no '"
        + serviceType + "' endpoint for interface " + iface + " in region " + region
        + (seen.isEmpty() ? " (no such service)" : " (it has: " + seen + ")"));
  }

  static URI tokensUri(String authUrl) {
    String base = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
    if (!base.endsWith("/v3")) {
      base = base + "/v3";
    }
    return URI.create(base + "/auth/tokens");
  }
}
