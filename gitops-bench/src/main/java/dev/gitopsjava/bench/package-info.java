/**
 * JMH benchmarks of the diff hot path, of planning a large application, and of fsync latency in
 * etcd's write-ahead-log pattern. Not published; run with {@code gitops-bench/run.sh}.
 */
@NullMarked
package dev.gitopsjava.bench;

import org.jspecify.annotations.NullMarked;
