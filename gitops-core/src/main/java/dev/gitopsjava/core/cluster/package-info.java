/**
 * The engine's only door to Kubernetes: {@link dev.gitopsjava.core.cluster.ClusterClient} and its
 * fabric8 implementation ({@link dev.gitopsjava.core.cluster.ClusterClient#fabric8}), the
 * ownership mark ({@link dev.gitopsjava.core.cluster.TrackingMark}), the client-side apply
 * annotation ({@link dev.gitopsjava.core.cluster.LastAppliedConfiguration}) and the typed errors a
 * caller can act on ({@link dev.gitopsjava.core.cluster.ClusterException} and subtypes).
 */
@NullMarked
package dev.gitopsjava.core.cluster;

import org.jspecify.annotations.NullMarked;
