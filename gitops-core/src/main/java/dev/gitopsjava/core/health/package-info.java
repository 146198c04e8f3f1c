/**
 * Resource and application health, after Argo CD's rules.
 *
 * <p>{@link dev.gitopsjava.core.health.HealthAssessor} assesses one live object
 * ({@link dev.gitopsjava.core.health.HealthAssessor#assess}) with the built-in checks (Deployment,
 * StatefulSet, DaemonSet, ReplicaSet, Pod, Job, PVC, Service, Ingress, APIService, HPA, Namespace,
 * Argo Workflows Workflow,
 * Argo Rollouts Rollout) and any {@link dev.gitopsjava.core.spi.HealthCheck} found with
 * {@link java.util.ServiceLoader} or registered by the embedder; and folds the health of an
 * application's resources into one ({@link dev.gitopsjava.core.health.HealthAssessor#assessApplication}).
 * Custom resources that follow the condition conventions need no code: declare a
 * {@link dev.gitopsjava.core.health.ConditionHealthCheck} (e.g. Ready=True is Healthy) and register it.
 */
@NullMarked
package dev.gitopsjava.core.health;

import org.jspecify.annotations.NullMarked;
