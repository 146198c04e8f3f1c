package dev.gitopsjava.core;

/**
 * Receives every {@link GitOpsEvent}, e.g. to keep an audit log or publish metrics. Called on the
 * engine's worker threads, in order per application; a listener should return quickly. An exception
 * thrown by a listener is logged and does not stop the engine.
 */
@FunctionalInterface
public interface GitOpsListener {

  /** Called for each event. */
  void onEvent(GitOpsEvent event);
}
