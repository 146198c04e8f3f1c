/**
 * Disk-latency preflight for etcd nodes: etcd's criterion is a 99th percentile fdatasync latency
 * under 10 ms for small sequential writes (the fio job {@code --rw=write --ioengine=sync
 * --fdatasync=1 --size=22m --bs=2300}). {@link dev.gitopsjava.provision.disk.DiskLatencyProbe}
 * runs the same pattern from Java.
 *
 * <pre>{@code
 * DiskLatencyReport r = DiskLatencyProbe.builder().directory(Path.of("/var/lib/etcd")).build().run();
 * if (!r.meetsEtcdCriterion()) { ... }
 * }</pre>
 */
@NullMarked
package dev.gitopsjava.provision.disk;

import org.jspecify.annotations.NullMarked;
