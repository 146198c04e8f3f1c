/**
 * The OpenStack {@link dev.gitopsjava.provision.spi.ComputeProvider} ({@code name: openstack}):
 * Keystone v3 (password or application credential, token cached until shortly before expiry),
 * Nova servers and flavors, Glance images, on {@code java.net.http}. Credentials come from the
 * usual {@code OS_*} environment variables; non-secret settings may also be spec options.
 */
@NullMarked
package dev.gitopsjava.provision.openstack;

import org.jspecify.annotations.NullMarked;
