/**
 * Runnable scenarios built only on the SDK's public API: the payment-api GitOps loop.
 */
@NullMarked
package dev.gitopsjava.samples;

import org.jspecify.annotations.NullMarked;
