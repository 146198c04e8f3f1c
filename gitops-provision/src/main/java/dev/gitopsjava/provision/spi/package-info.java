/**
 * The extension point of gitops-provision: {@link dev.gitopsjava.provision.spi.ComputeProvider},
 * one implementation per cloud API, found with {@link java.util.ServiceLoader} and picked by the
 * provider name a spec declares.
 *
 * <p>Contract in short: every call is synchronous HTTP at most once per method call (no hidden
 * retry loops, the engine retries); long-running work returns a {@link
 * dev.gitopsjava.provision.spi.ProviderAction} the engine polls with {@link
 * dev.gitopsjava.provision.spi.ComputeProvider#refresh}; failures are {@link
 * dev.gitopsjava.provision.spi.ProviderException} subtypes that say whether a retry can help.
 */
@NullMarked
package dev.gitopsjava.provision.spi;

import org.jspecify.annotations.NullMarked;
