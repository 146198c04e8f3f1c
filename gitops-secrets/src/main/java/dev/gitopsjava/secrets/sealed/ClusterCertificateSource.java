package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.secrets.KeyMaterial;
import dev.gitopsjava.secrets.KeyMaterialException;
import dev.gitopsjava.secrets.KeySource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches the controller's {@code /v1/cert.pem} through the API server's service proxy, like
 * kubeseal: the port is the name of the Service's first port (empty if the Service cannot be read,
 * as older kubeseal versions did).
 */
final class ClusterCertificateSource implements KeySource {
  private static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

  private final KubernetesClient client;
  private final String namespace;
  private final String controllerName;

  ClusterCertificateSource(KubernetesClient client, String namespace, String controllerName) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.controllerName = Objects.requireNonNull(controllerName, "controllerName");
  }

  @Override
  public String description() {
    return "service " + namespace + "/" + controllerName + " /v1/cert.pem";
  }

  String proxyPath() {
    return "/api/v1/namespaces/" + encode(namespace) + "/services/http:" + encode(controllerName) + ":"
        + encode(portName()) + "/proxy/v1/cert.pem";
  }

  private String portName() {
    Service service;
    try {
      service = client.services().inNamespace(namespace).withName(controllerName).get();
    } catch (KubernetesClientException e) {
      return ""; // not allowed to read Services: let the proxy pick the port, as old kubeseal did
    }
    if (service == null || service.getSpec() == null || service.getSpec().getPorts() == null
        || service.getSpec().getPorts().isEmpty()) {
      return "";
    }
    ServicePort first = service.getSpec().getPorts().get(0);
    return first.getName() == null ? "" : first.getName();
  }

  @Override
  public List<KeyMaterial> keys() {
    String base = client.getMasterUrl().toString();
    String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + proxyPath();
    HttpRequest request = client.getHttpClient().newHttpRequestBuilder()
        .uri(url)
        .header("Accept", "application/x-pem-file, */*")
        .build();
    Integer configured = client.getConfiguration().getRequestTimeout();
    int timeout = configured == null || configured <= 0 ? DEFAULT_TIMEOUT_MILLIS : configured;
    HttpResponse<String> response;
    try {
      response = client.getHttpClient().sendAsync(request, String.class).get(timeout, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyMaterialException(description(), "interrupted while fetching the certificate", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KeyMaterialException(description(), "cannot fetch certificate: " + e.getClass().getSimpleName(), e);
    }
    if (response.code() != 200) {
      throw new KeyMaterialException(description(), "cannot fetch certificate: HTTP " + response.code()
          + " (is sealed-secrets installed?)");
    }
    String body = response.body();
    return List.of(KeyMaterial.ofText(description(), body == null ? "" : body));
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return description();
  }
}
