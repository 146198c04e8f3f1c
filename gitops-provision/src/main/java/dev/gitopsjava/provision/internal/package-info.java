/**
 * Internal: HTTP plumbing shared by the built-in providers. Not API; may change in any release.
 */
@NullMarked
package dev.gitopsjava.provision.internal;

import org.jspecify.annotations.NullMarked;
