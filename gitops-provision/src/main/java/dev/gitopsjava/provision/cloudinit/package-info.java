/**
 * Node bootstrap user data: {@code #cloud-config} documents, the Kubernetes kernel prep, merging user
 * additions, validation against (a subset of) cloud-init's schema and per-provider size limits.
 *
 * <pre>{@code
 * CloudConfig additions = CloudConfig.parse(Files.readString(Path.of("extra.yaml")));
 * String userData = NodeBootstrap.kubernetesNode().merge(additions).render();
 * UserDataLimit.HETZNER.check(userData);
 * }</pre>
 */
@NullMarked
package dev.gitopsjava.provision.cloudinit;

import org.jspecify.annotations.NullMarked;
