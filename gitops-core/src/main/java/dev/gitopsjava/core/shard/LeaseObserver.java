package dev.gitopsjava.core.shard;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * This replica's view of the others' Leases. A Lease is live while its holder keeps writing it:
 * as in client-go's leader election, expiry is judged by when <em>this</em> process last saw the
 * Lease change, on its own monotonic clock, never by the renewTime written in it, so clock skew
 * between nodes does not matter. fabric8 8.0.0's {@code LeaderElector} judges the renewTime
 * against the local wall clock instead; that is fine for its own Lease, which only this replica
 * writes, but not for judging the others. A Lease whose holder was cleared (fabric8 released it) is
 * gone at once. Not thread-safe: called from the assigning thread only.
 */
final class LeaseObserver {
  private final KubernetesClient client;
  private final String namespace;
  private final String group;
  private final String ownLease;
  private final Duration defaultDuration;
  private final Duration silentAfter;
  private final LongSupplier nanoClock;
  private final Map<String, Seen> seen = new HashMap<>();

  /** A Lease's resourceVersion and when this process first saw it (on the nano clock). */
  private record Seen(String resourceVersion, long atNanos) {}

  /**
   * The others' live Leases as of one LIST.
   *
   * @param sentAtNanos when the LIST was sent: everything accepted by the server before then is in it
   * @param claims each live member's identity and the members it has applied (its published claim)
   * @param silent the live members whose Lease has not changed for {@code silentAfter}: they have
   *     fenced themselves if they share this replica's renewDeadline, and expire soon unless they renew
   */
  record Snapshot(long sentAtNanos, Map<String, Set<String>> claims, Set<String> silent) {}

  /** @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests) */
  LeaseObserver(KubernetesClient client, String namespace, String group, String ownLease, Duration defaultDuration,
      Duration silentAfter, LongSupplier nanoClock) {
    this.client = client;
    this.namespace = namespace;
    this.group = group;
    this.ownLease = ownLease;
    this.defaultDuration = defaultDuration;
    this.silentAfter = silentAfter;
    this.nanoClock = nanoClock;
  }

  /**
   * Lists the group's Leases and judges which holders are live.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException if the Leases cannot be listed
   */
  Snapshot observe() {
    long sent = nanoClock.getAsLong();
    var leases = client.leases().inNamespace(namespace).withLabel(ShardLease.GROUP_LABEL, group).list().getItems();
    long received = nanoClock.getAsLong();
    Map<String, Seen> now = new HashMap<>();
    Map<String, Set<String>> claims = new HashMap<>();
    Set<String> silent = new HashSet<>();
    for (Lease lease : leases) {
      String name = lease.getMetadata().getName();
      String rv = lease.getMetadata().getResourceVersion();
      Seen before = seen.get(name);
      // First seen or changed since: count from when the answer arrived, the latest the write can be.
      Seen current = before != null && before.resourceVersion().equals(rv) ? before : new Seen(rv, received);
      now.put(name, current);
      String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
      if (name.equals(ownLease) || holder == null || holder.isEmpty()
          || lease.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      // Count to when the LIST was sent, the earliest the snapshot can be.
      long unchanged = sent - current.atNanos();
      if (unchanged < duration(lease).toNanos()) {
        var annotations = lease.getMetadata().getAnnotations();
        String claim = annotations == null ? null : annotations.get(ShardLease.CLAIM_ANNOTATION);
        claims.put(holder, ShardLease.decode(claim == null ? "" : claim));
        if (unchanged >= silentAfter.toNanos()) {
          silent.add(holder);
        }
      }
    }
    seen.clear();
    seen.putAll(now);
    return new Snapshot(sent, claims, silent);
  }

  private Duration duration(Lease lease) {
    Integer seconds = lease.getSpec().getLeaseDurationSeconds();
    return seconds == null || seconds <= 0 ? defaultDuration : Duration.ofSeconds(seconds);
  }
}
