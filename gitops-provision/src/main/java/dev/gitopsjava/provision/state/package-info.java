/**
 * The state of provisioned instances: the {@link dev.gitopsjava.provision.state.State} value, its
 * JSON file (plain or encrypted in OpenTofu's layout), crash-safe storage and locks (a local file
 * lock, a Kubernetes Lease with renewal and fencing).
 */
@NullMarked
package dev.gitopsjava.provision.state;

import org.jspecify.annotations.NullMarked;
