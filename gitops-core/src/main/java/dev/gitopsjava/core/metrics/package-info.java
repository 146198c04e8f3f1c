/**
 * Optional Micrometer meters for the engine: {@link dev.gitopsjava.core.metrics.GitOpsMetrics}. The
 * only package that uses Micrometer; nothing else loads it, so micrometer-core may be absent from
 * the class path of an application that does not ask for meters.
 */
@NullMarked
package dev.gitopsjava.core.metrics;

import org.jspecify.annotations.NullMarked;
