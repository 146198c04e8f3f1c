package dev.gitopsjava.secrets.sealed;

import dev.gitopsjava.core.GitOpsException;
import dev.gitopsjava.core.cluster.ClusterClient;
import dev.gitopsjava.core.cluster.ClusterEvent;
import dev.gitopsjava.core.cluster.ClusterWatch;
import dev.gitopsjava.core.cluster.DeletePropagation;
import dev.gitopsjava.core.cluster.ResourceType;
import dev.gitopsjava.core.model.Manifest;
import dev.gitopsjava.core.model.ResourceKey;
import dev.gitopsjava.secrets.SealingException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the controller does with each SealedSecret event: unseal, keep the Secret in step, report. */
final class ControllerLoop {
  static final ResourceType SEALED_SECRETS =
      new ResourceType("bitnami.com", "v1alpha1", "SealedSecret", "sealedsecrets", true);
  /** On an existing Secret: let the controller take it over. */
  static final String MANAGED_ANNOTATION = "sealedsecrets.bitnami.com/managed";
  private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

  private final ClusterClient cluster;
  private final StatusWriter status;
  private final ControllerKeys controllerKeys;
  private final String watchNamespace;
  /** The last SealedSecret content reconciled successfully, per namespace/name: skips status-only events. */
  private final Map<String, String> reconciled = new ConcurrentHashMap<>();
  /** The last state seen of each SealedSecret, per namespace/name, to re-create a Secret deleted behind our back. */
  private final Map<String, Manifest> seen = new ConcurrentHashMap<>();
  private volatile @Nullable SealingKeys keys;

  ControllerLoop(ClusterClient cluster, StatusWriter status, ControllerKeys controllerKeys, String watchNamespace) {
    this.cluster = cluster;
    this.status = status;
    this.controllerKeys = controllerKeys;
    this.watchNamespace = watchNamespace;
  }

  void loadKeys() {
    keys = controllerKeys.load();
  }

  SealingKeys keys() {
    SealingKeys k = keys;
    if (k == null) {
      throw new IllegalStateException("the controller has not been started");
    }
    return k;
  }

  String watchNamespace() {
    return watchNamespace;
  }

  /** Watches SealedSecrets, and Secrets so that an owned Secret deleted by someone else comes back. */
  ClusterWatch watch(Consumer<ClusterEvent> listener) {
    ClusterWatch sealedSecrets = cluster.watch(SEALED_SECRETS, watchNamespace, Map.of(), listener);
    ClusterWatch secrets;
    try {
      secrets = cluster.watch(cluster.resourceType("v1", "Secret"), watchNamespace, Map.of(), event -> {
        if (event.type() == ClusterEvent.Type.DELETED) {
          listener.accept(event);
        }
      });
    } catch (RuntimeException e) {
      sealedSecrets.close();
      throw e;
    }
    return () -> {
      secrets.close();
      sealedSecrets.close();
    };
  }

  void handle(ClusterEvent event) {
    Manifest object = event.object();
    try {
      if (object.key().kind().equals("Secret")) {
        secretDeleted(object);
        return;
      }
      String id = id(object);
      switch (event.type()) {
        case ADDED, MODIFIED -> {
          seen.put(id, object);
          reconcile(object);
        }
        case DELETED -> {
          seen.remove(id);
          deleteOwnedSecret(object);
        }
      }
    } catch (RuntimeException e) {
      // The loop must survive anything; our messages name resources, never values.
      LOG.warn("{}: {} failed: {}", SealedSecretDocument.describe(object), event.type(), e.toString());
    }
  }

  private void secretDeleted(Manifest secret) {
    Manifest owner = seen.get(id(secret));
    if (owner != null && ownedBy(secret, owner)) {
      LOG.info("{}: its Secret was deleted; creating it again", SealedSecretDocument.describe(owner));
      reconciled.remove(id(owner));
      reconcile(owner);
    }
  }

  private static String id(Manifest m) {
    return m.key().namespace() + "/" + m.key().name();
  }

  private void reconcile(Manifest sealed) {
    String id = id(sealed);
    String fingerprint = fingerprint(sealed);
    if (fingerprint.equals(reconciled.get(id))) {
      return; // only the status (or other server-side fields) changed
    }
    try {
      Manifest desired = SealedSecrets.unseal(sealed).keys(keys()).call();
      apply(desired, sealed);
      reconciled.put(id, fingerprint);
      status.write(sealed, null);
      LOG.debug("{}: Secret in step", SealedSecretDocument.describe(sealed));
    } catch (SealingException | GitOpsException e) {
      reconciled.remove(id);
      status.write(sealed, e.getMessage());
      String where = SealedSecretDocument.describe(sealed);
      String message = String.valueOf(e.getMessage());
      LOG.warn("{}", message.startsWith(where) ? message : where + ": " + message);
    }
  }

  private void apply(Manifest desired, Manifest sealed) {
    Optional<Manifest> live = cluster.get(desired.key());
    if (live.isEmpty()) {
      cluster.create(desired);
      return;
    }
    Manifest existing = live.get();
    if (!ownedBy(existing, sealed) && !"true".equals(existing.annotation(MANAGED_ANNOTATION).orElse(""))) {
      throw new SealingException("Resource \"" + desired.key().name()
          + "\" already exists and is not managed by SealedSecret");
    }
    if (sameContent(existing.tree(), desired.tree())) {
      return;
    }
    ObjectNode next = desired.mutableCopy();
    ((ObjectNode) next.get("metadata")).put("resourceVersion",
        existing.tree().path("metadata").path("resourceVersion").asString(""));
    cluster.update(desired.withTree(next));
  }

  private void deleteOwnedSecret(Manifest sealed) {
    reconciled.remove(id(sealed));
    ResourceKey secretKey = ResourceKey.of("v1", "Secret", sealed.key().namespace(), sealed.key().name());
    Optional<Manifest> live = cluster.get(secretKey);
    // The API server's garbage collector would do this through the ownerReference; doing it here
    // too covers clusters (and test servers) without one.
    if (live.isPresent() && ownedBy(live.get(), sealed)) {
      cluster.delete(secretKey, DeletePropagation.BACKGROUND);
    }
  }

  static boolean ownedBy(Manifest secret, Manifest sealed) {
    String uid = sealed.tree().path("metadata").path("uid").asString("");
    for (JsonNode owner : secret.tree().path("metadata").path("ownerReferences")) {
      if (SealedSecretDocument.KIND.equals(owner.path("kind").asString(""))
          && owner.path("apiVersion").asString("").startsWith("bitnami.com/")
          && sealed.key().name().equals(owner.path("name").asString(""))) {
        String ownerUid = owner.path("uid").asString("");
        if (uid.isEmpty() || ownerUid.isEmpty() || uid.equals(ownerUid)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean sameContent(JsonNode live, JsonNode desired) {
    return Objects.equals(live.path("data"), desired.path("data"))
        && Objects.equals(live.path("type"), desired.path("type"))
        && Objects.equals(live.path("immutable"), desired.path("immutable"))
        && Objects.equals(live.path("metadata").path("labels"), desired.path("metadata").path("labels"))
        && Objects.equals(live.path("metadata").path("annotations"), desired.path("metadata").path("annotations"))
        && Objects.equals(live.path("metadata").path("ownerReferences"),
            desired.path("metadata").path("ownerReferences"));
  }

  private static String fingerprint(Manifest sealed) {
    ObjectNode f = Manifest.newDocument();
    JsonNode metadata = sealed.tree().path("metadata");
    f.set("uid", metadata.path("uid"));
    f.set("annotations", metadata.path("annotations"));
    f.set("spec", sealed.tree().path("spec"));
    return f.toString();
  }
}
