package dev.gitopsjava.samples;

import java.util.List;

/**
 * What the payment-api scenario observed in the cluster at each step: the outcomes a test asserts,
 * independent of the text printed for people.
 *
 * @param namespaceCreated step 1: the destination namespace exists after the first sync
 * @param appliedInOrder step 1: resources in the order the engine applied them
 * @param healthAfterFirstSync step 1: the application's health once the rollout finished
 * @param replicasAfterManualScale step 2: replicas right after someone scaled by hand
 * @param replicasAfterSelfHeal step 2: replicas once self-heal reverted the change
 * @param imageDiff step 3: the diff shown before the image change was synced
 * @param imageAfterSync step 3: the Deployment's image after the sync
 * @param prunedResourceGone step 4: the ConfigMap deleted from Git is gone from the cluster
 * @param unownedResourceKept step 4: a ConfigMap the application does not own survived
 * @param brokenCommitWroteNothing step 5: no object changed in the cluster after the broken commit
 * @param brokenCommitReason step 5: why the status says the commit was not synced
 * @param sealedSecretCommitted step 6: the SealedSecret in Git holds no plaintext
 * @param secretUnsealed step 6: the in-cluster Secret holds the original password
 */
public record ScenarioReport(
    boolean namespaceCreated,
    List<String> appliedInOrder,
    String healthAfterFirstSync,
    int replicasAfterManualScale,
    int replicasAfterSelfHeal,
    String imageDiff,
    String imageAfterSync,
    boolean prunedResourceGone,
    boolean unownedResourceKept,
    boolean brokenCommitWroteNothing,
    String brokenCommitReason,
    boolean sealedSecretCommitted,
    boolean secretUnsealed) {

  public ScenarioReport {
    appliedInOrder = List.copyOf(appliedInOrder);
  }
}
