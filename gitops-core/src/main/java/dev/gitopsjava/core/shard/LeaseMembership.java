package dev.gitopsjava.core.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica's Lease and its view of the group. The replica renews its own Lease (a PUT guarded by
 * resourceVersion, so two processes claiming the same identity notice each other); the others'
 * Leases are judged live the way client-go's leader election judges a leader: by when <em>this</em>
 * process last saw their resourceVersion change, on its own clock, so clock skew between nodes does
 * not matter. Not thread-safe: called from the renewing thread only.
 */
final class LeaseMembership {
  static final String GROUP_LABEL = "gitops-java.dev/shard-group";
  private static final Logger LOG = LoggerFactory.getLogger(LeaseMembership.class);

  private final KubernetesClient client;
  private final String namespace;
  private final String group;
  private final String identity;
  private final Duration leaseDuration;
  private final Clock clock;
  private final Map<String, Observed> observed = new HashMap<>();
  private @Nullable Instant lastRenewed;

  private record Observed(String resourceVersion, String holder, Instant seenChangingAt) {}

  LeaseMembership(KubernetesClient client, String namespace, String group, String identity, Duration leaseDuration,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.group = group;
    this.identity = identity;
    this.leaseDuration = leaseDuration;
    this.clock = clock;
  }

  /** The name of this replica's Lease: group and identity, both DNS-1123 labels. */
  String leaseName() {
    return group + "-" + identity;
  }

  /** When this replica last renewed its Lease, if ever. */
  @Nullable Instant lastRenewed() {
    return lastRenewed;
  }

  /**
   * Renews this replica's Lease (creating it the first time).
   *
   * @return true if the API server accepted the renewal
   */
  boolean renew() {
    Instant now = clock.instant();
    try {
      Lease current = client.leases().inNamespace(namespace).withName(leaseName()).get();
      if (current == null) {
        client.leases().inNamespace(namespace).resource(new LeaseBuilder()
            .withNewMetadata().withName(leaseName()).withNamespace(namespace).addToLabels(GROUP_LABEL, group)
            .endMetadata()
            .withNewSpec().withHolderIdentity(identity).withLeaseDurationSeconds(durationSeconds())
            .withAcquireTime(now.atZone(ZoneOffset.UTC)).withRenewTime(now.atZone(ZoneOffset.UTC)).endSpec()
            .build()).create();
      } else {
        // The resourceVersion read above guards the PUT: a concurrent writer makes it fail with 409.
        client.leases().inNamespace(namespace).resource(new LeaseBuilder(current)
            .editSpec().withHolderIdentity(identity).withLeaseDurationSeconds(durationSeconds())
            .withRenewTime(now.atZone(ZoneOffset.UTC)).endSpec()
            .build()).update();
      }
      lastRenewed = now;
      return true;
    } catch (KubernetesClientException e) {
      LOG.warn("shard {}: renewing Lease {}/{} failed: HTTP {} {}", identity, namespace, leaseName(), e.getCode(),
          e.getMessage());
      return false;
    }
  }

  /**
   * The identities of the live members, this replica included while its own renewals are recent.
   *
   * @throws KubernetesClientException if the Leases cannot be listed
   */
  Set<String> members(Duration ownDeadline) {
    Instant now = clock.instant();
    Map<String, Observed> seen = new HashMap<>();
    for (Lease lease : client.leases().inNamespace(namespace).withLabel(GROUP_LABEL, group).list().getItems()) {
      String name = lease.getMetadata().getName();
      String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      if (holder == null || holder.isEmpty() || lease.getMetadata().getDeletionTimestamp() != null) {
        continue; // released
      }
      String rv = lease.getMetadata().getResourceVersion();
      Observed before = observed.get(name);
      seen.put(name, before != null && before.resourceVersion().equals(rv) && before.holder().equals(holder)
          ? before : new Observed(rv, holder, now));
    }
    observed.clear();
    observed.putAll(seen);
    Set<String> members = new TreeSet<>();
    for (Map.Entry<String, Observed> e : seen.entrySet()) {
      Observed o = e.getValue();
      if (e.getKey().equals(leaseName())) {
        continue; // our own Lease counts by our renewals, below
      }
      Duration duration = leaseDuration; // the group shares one duration
      if (Duration.between(o.seenChangingAt(), now).compareTo(duration) < 0) {
        members.add(o.holder());
      }
    }
    Instant renewed = lastRenewed;
    if (renewed != null && Duration.between(renewed, now).compareTo(ownDeadline) < 0) {
      members.add(identity);
    }
    return members;
  }

  /** Deletes this replica's Lease so the others take its applications over at once. */
  void release() {
    try {
      client.leases().inNamespace(namespace).withName(leaseName()).delete();
    } catch (KubernetesClientException e) {
      LOG.warn("shard {}: releasing Lease {}/{} failed: HTTP {}", identity, namespace, leaseName(), e.getCode());
    }
  }

  private int durationSeconds() {
    return (int) Math.max(1, (leaseDuration.toMillis() + 999) / 1000);
  }
}
