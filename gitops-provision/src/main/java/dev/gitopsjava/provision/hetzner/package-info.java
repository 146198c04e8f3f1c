/**
 * The Hetzner Cloud {@link dev.gitopsjava.provision.spi.ComputeProvider} ({@code name: hetzner}):
 * servers with their actions, locations, server types, images, labels and label selectors, and
 * the API's rate-limit headers, on {@code java.net.http}. The API token comes from {@code
 * HCLOUD_TOKEN}.
 */
@NullMarked
package dev.gitopsjava.provision.hetzner;

import org.jspecify.annotations.NullMarked;
