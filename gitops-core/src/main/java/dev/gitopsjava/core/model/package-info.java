/**
 * Immutable values that flow through the engine: resource identity, manifests, desired and live state.
 */
@NullMarked
package dev.gitopsjava.core.model;

import org.jspecify.annotations.NullMarked;
