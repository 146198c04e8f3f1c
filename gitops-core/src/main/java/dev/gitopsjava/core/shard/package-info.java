/**
 * Several replicas of an embedding service share the applications through Kubernetes Lease objects
 * (coordination.k8s.io): {@link dev.gitopsjava.core.shard.ShardedGitOps}. Each replica holds one
 * Lease of its own through fabric8's leader election; the live Leases of a group are its members;
 * each application belongs to the member chosen by rendezvous hashing of its name, the way Argo CD
 * shards its application controller (its {@code consistent-hashing} algorithm) with the member list
 * kept in Leases instead of a replica count.
 */
@NullMarked
package dev.gitopsjava.core.shard;

import org.jspecify.annotations.NullMarked;
