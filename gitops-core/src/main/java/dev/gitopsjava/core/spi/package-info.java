/**
 * Extension points, found with {@link java.util.ServiceLoader} or registered by embedders.
 */
@NullMarked
package dev.gitopsjava.core.spi;

import org.jspecify.annotations.NullMarked;
