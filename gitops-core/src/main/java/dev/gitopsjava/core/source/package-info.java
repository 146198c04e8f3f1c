/**
 * Desired state from Git: shared clones (JGit), revision pinning, renderers (plain YAML directories,
 * kustomize) and a render cache keyed by commit.
 */
@NullMarked
package dev.gitopsjava.core.source;

import org.jspecify.annotations.NullMarked;
