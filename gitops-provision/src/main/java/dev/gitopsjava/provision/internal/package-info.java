/**
 * Internal: HTTP plumbing and response reading shared by the built-in providers, and the atomic
 * file replacement every file the provisioner writes goes through. Not API; may change in any
 * release.
 */
@NullMarked
package dev.gitopsjava.provision.internal;

import org.jspecify.annotations.NullMarked;
