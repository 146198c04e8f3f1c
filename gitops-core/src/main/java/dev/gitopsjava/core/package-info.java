/**
 * The porcelain entry points of the reconciliation engine.
 */
@NullMarked
package dev.gitopsjava.core;

import org.jspecify.annotations.NullMarked;
