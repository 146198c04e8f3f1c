package dev.gitopsjava.core;

import java.time.Duration;

/**
 * Receives every {@link GitOpsEvent}, e.g. to keep an audit log or publish metrics. Called on the
 * engine's worker threads, in order per application; a listener should return quickly. An exception
 * thrown by a listener is logged and does not stop the engine.
 */
@FunctionalInterface
public interface GitOpsListener {

  /** Called for each event. */
  void onEvent(GitOpsEvent event);

  /**
   * Called when a refresh of a managed application ends (render Git, compare with the cluster, and
   * the automated sync it ran, if any), with the time it took by the engine's clock: a measurement
   * for metrics such as Argo CD's {@code argocd_app_reconcile}, not an entry of the audit trail, so
   * not an event. Does nothing unless overridden.
   *
   * @param application the application's name
   * @param duration from the refresh taking the application's turn to its end
   */
  default void onRefreshTimed(String application, Duration duration) {}
}
