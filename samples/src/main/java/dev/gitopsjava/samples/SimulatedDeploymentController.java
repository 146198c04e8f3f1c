package dev.gitopsjava.samples;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;

/**
 * Plays the Deployment controller and the kubelet on the embedded cluster, which has neither: when
 * a Deployment's spec changes, it reports the rollout done (observed generation, all replicas
 * updated, ready and available), as a healthy cluster would a moment later. Not used against a
 * real cluster.
 */
final class SimulatedDeploymentController implements AutoCloseable {
  private final SharedIndexInformer<Deployment> informer;

  SimulatedDeploymentController(KubernetesClient client, String namespace) {
    this.informer = client.apps().deployments().inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Deployment d) {
        rollOut(client, d);
      }

      @Override
      public void onUpdate(Deployment old, Deployment d) {
        rollOut(client, d);
      }

      @Override
      public void onDelete(Deployment d, boolean unknown) {}
    });
  }

  private static void rollOut(KubernetesClient client, Deployment d) {
    Long generation = d.getMetadata().getGeneration();
    Integer replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    var status = d.getStatus();
    if (status != null && Objects.equals(status.getObservedGeneration(), generation)
        && Objects.equals(status.getReadyReplicas(), replicas) && Objects.equals(status.getReplicas(), replicas)) {
      return;
    }
    try {
      client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
          .editStatus(current -> new DeploymentBuilder(current).withNewStatus()
              .withObservedGeneration(current.getMetadata().getGeneration())
              .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
              .withAvailableReplicas(replicas)
              .addNewCondition().withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
              .endCondition()
              .addNewCondition().withType("Progressing").withStatus("True").withReason("NewReplicaSetAvailable")
              .endCondition()
              .endStatus().build());
    } catch (RuntimeException e) {
      // A concurrent update wins; the next event rolls that one out.
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
