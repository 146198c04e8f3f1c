package dev.gitopsjava.core.shard;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One replica's Lease as fabric8's {@link LeaseLock}: named {@code <group>-<identity>}, labelled
 * with the group so the others can list it, and carrying in an annotation the member list this
 * replica has applied (its <em>claim</em>: it may be reconciling exactly the applications that
 * list assigns to it). fabric8's elector writes the Lease; this class only adds the annotation to
 * every write and remembers when a write carrying this replica as holder was last sent and accepted.
 */
final class ShardLease extends LeaseLock {
  static final String GROUP_LABEL = "gitops-java.dev/shard-group";
  static final String CLAIM_ANNOTATION = "gitops-java.dev/shard-members";

  private final String identity;
  private final Runnable onNewClaimPublished;
  private volatile String claim = "";
  private String sending = ""; // the claim in the write being made; guarded by this
  private volatile long renewedAtNanos;
  private volatile boolean renewedOnce;
  private volatile String publishedClaim = "";
  private volatile long publishedAtNanos;

  /**
   * @param onNewClaimPublished called (on the renewing thread) after a write changed the published
   *     claim, so the replica can take its applications without waiting for its next tick
   */
  ShardLease(String namespace, String group, String identity, Runnable onNewClaimPublished) {
    super(new ObjectMetaBuilder().withNamespace(namespace).withName(group + "-" + identity)
        .addToLabels(GROUP_LABEL, group).build(), identity);
    this.identity = identity;
    this.onNewClaimPublished = onNewClaimPublished;
  }

  /** The claim written with the next renewal. */
  void claim(Collection<String> members) {
    claim = encode(members);
  }

  /** The claim this replica wants published (set by {@link #claim}). */
  String pendingClaim() {
    return claim;
  }

  /** The claim the API server holds for this replica, as far as this replica wrote it. */
  String publishedClaim() {
    return publishedClaim;
  }

  /**
   * When ({@link System#nanoTime()}) the write that published {@link #publishedClaim()} was
   * answered: a read sent after this sees it.
   */
  long publishedAtNanos() {
    return publishedAtNanos;
  }

  /** Whether a renewal was ever accepted. */
  boolean renewedOnce() {
    return renewedOnce;
  }

  /**
   * When ({@link System#nanoTime()}) the last accepted renewal was <em>sent</em>: the server wrote
   * it later, so others observing it cannot count the lease duration from earlier than this.
   */
  long renewedAtNanos() {
    return renewedAtNanos;
  }

  @Override // called by create and update, within write
  protected Lease toResource(LeaderElectionRecord leaderElectionRecord, ObjectMetaBuilder meta) {
    Lease lease = super.toResource(leaderElectionRecord, meta.addToAnnotations(CLAIM_ANNOTATION, sending));
    if (lease.getSpec().getHolderIdentity() == null) {
      // fabric8 releases with a null holder, which its merge patch omits (the holder would stay);
      // client-go writes "" and so do we: the Lease is released at once, not after its duration.
      lease.getSpec().setHolderIdentity("");
    }
    return lease;
  }

  @Override
  public synchronized void create(KubernetesClient client, LeaderElectionRecord leaderElectionRecord) {
    write(leaderElectionRecord, () -> super.create(client, leaderElectionRecord));
  }

  @Override
  public synchronized void update(KubernetesClient client, LeaderElectionRecord leaderElectionRecord) {
    write(leaderElectionRecord, () -> super.update(client, leaderElectionRecord));
  }

  private void write(LeaderElectionRecord written, Runnable request) {
    String sentClaim = claim;
    sending = sentClaim;
    long sentAt = System.nanoTime();
    request.run();
    if (identity.equals(written.getHolderIdentity())) {
      renewedAtNanos = sentAt;
      renewedOnce = true;
      publishedAtNanos = System.nanoTime();
      boolean changed = !sentClaim.equals(publishedClaim);
      publishedClaim = sentClaim;
      if (changed) {
        onNewClaimPublished.run();
      }
    }
  }

  static String encode(Collection<String> members) {
    return String.join(",", new TreeSet<>(members));
  }

  static Set<String> decode(String claim) {
    return claim.isEmpty() ? Set.of() : Set.copyOf(List.of(claim.split(",")));
  }
}
