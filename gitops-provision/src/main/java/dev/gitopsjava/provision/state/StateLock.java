package dev.gitopsjava.provision.state;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A lock around a state, with Terraform's {@link LockInfo}.
 *
 * <p>Two kinds: {@link #localFile(Path)} (an OS file lock, released by the OS when the process
 * dies) and {@link #kubernetesLease(KubernetesClient, String, String)} (a coordination.k8s.io Lease
 * with a duration and renewal, so a killed process does not hold it forever, plus fencing: a holder
 * whose lease was taken over cannot write).
 */
public interface StateLock {

  /** An OS file lock on {@code .<state-file-name>.lock.info} beside {@code stateFile}. */
  static StateLock localFile(Path stateFile) {
    return new LocalFileLock(stateFile);
  }

  /** A Lease {@code name} in {@code namespace}; see {@link KubernetesLeaseLock.Builder}. */
  static KubernetesLeaseLock.Builder kubernetesLease(
      KubernetesClient client, String namespace, String name) {
    return KubernetesLeaseLock.builder(client, namespace, name);
  }

  /**
   * Takes the lock at once or fails.
   *
   * @throws StateLockedException with the holder's info if someone holds it
   */
  LockHandle lock(LockInfo info);

  /** Who holds the lock now, if anyone. */
  Optional<LockInfo> holder();

  /**
   * Removes a lock left behind, naming it by ID so a lock taken meanwhile by someone else is not
   * removed by mistake.
   *
   * @throws StateException if the lock is not held with that ID, or cannot be removed
   */
  void forceUnlock(String lockId);

  /** Where the lock lives, for messages. */
  String location();
}
