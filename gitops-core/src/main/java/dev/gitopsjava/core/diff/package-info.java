/**
 * The three-way diff: normalisation (server-set and defaulted fields, ignore rules), the merge of
 * desired onto live as {@code kubectl apply} computes it, and the changes with secrets masked.
 * Entry point: {@link dev.gitopsjava.core.diff.Differ}.
 */
@NullMarked
package dev.gitopsjava.core.diff;

import org.jspecify.annotations.NullMarked;
