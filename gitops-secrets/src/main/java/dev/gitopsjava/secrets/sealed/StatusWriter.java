package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.model.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the SealedSecret's status as the Bitnami controller does: one condition of type
 * {@code Synced}, {@code status} True or False, the error in {@code message}, {@code lastUpdateTime}
 * and {@code lastTransitionTime}, plus {@code observedGeneration}. Skips the write when nothing but
 * the timestamps would change, so a status write (itself a watch event) cannot start a loop.
 */
final class StatusWriter {
  static final ResourceDefinitionContext SEALED_SECRETS = new ResourceDefinitionContext.Builder()
      .withGroup("bitnami.com").withVersion("v1alpha1").withKind("SealedSecret").withPlural("sealedsecrets")
      .withNamespaced(true).build();
  static final String SYNCED = "Synced";
  private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

  private final KubernetesClient client;
  private final Clock clock;

  StatusWriter(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** Records success ({@code error} null) or failure; the error must already be free of secrets. */
  @SuppressWarnings("unchecked")
  void write(Manifest sealed, @Nullable String error) {
    String ns = sealed.key().namespace();
    String name = sealed.key().name();
    try {
      GenericKubernetesResource live = client.genericKubernetesResources(SEALED_SECRETS).inNamespace(ns)
          .withName(name).get();
      if (live == null) {
        return;
      }
      Map<String, Object> status = live.getAdditionalProperties().get("status") instanceof Map<?, ?> m
          ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
      List<Map<String, Object>> conditions = new ArrayList<>();
      if (status.get("conditions") instanceof List<?> list) {
        for (Object c : list) {
          if (c instanceof Map<?, ?> cm) {
            conditions.add(new LinkedHashMap<>((Map<String, Object>) cm));
          }
        }
      }
      Map<String, Object> synced = conditions.stream().filter(c -> SYNCED.equals(c.get("type"))).findFirst()
          .orElse(null);
      String wanted = error == null ? "True" : "False";
      Long generation = live.getMetadata().getGeneration();
      Object observed = status.get("observedGeneration");
      boolean sameGeneration = generation == null
          || (observed instanceof Number n && n.longValue() == generation);
      if (synced != null && wanted.equals(synced.get("status"))
          && Objects.equals(error, synced.get("message")) && sameGeneration) {
        return;
      }
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      if (synced == null) {
        synced = new LinkedHashMap<>();
        synced.put("type", SYNCED);
        conditions.add(synced);
      }
      if (!wanted.equals(synced.get("status"))) {
        synced.put("lastTransitionTime", now);
      }
      synced.put("lastUpdateTime", now);
      synced.put("status", wanted);
      if (error == null) {
        synced.remove("message");
      } else {
        synced.put("message", error);
      }
      status.put("conditions", conditions);
      if (generation != null) {
        status.put("observedGeneration", generation);
      }
      live.getAdditionalProperties().put("status", status);
      client.genericKubernetesResources(SEALED_SECRETS).inNamespace(ns).resource(live).updateStatus();
    } catch (KubernetesClientException e) {
      LOG.warn("SealedSecret {}/{}: cannot write status: HTTP {}", ns, name, e.getCode());
    }
  }
}
