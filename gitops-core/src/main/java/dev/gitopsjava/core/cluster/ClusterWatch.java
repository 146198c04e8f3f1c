package dev.gitopsjava.core.cluster;

/** A running watch; closing it stops the events. Closing twice is harmless. */
public interface ClusterWatch extends AutoCloseable {

  /** Stops the watch. Never throws. */
  @Override
  void close();
}
