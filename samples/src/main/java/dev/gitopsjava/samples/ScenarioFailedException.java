package dev.gitopsjava.samples;

/** A step of a sample scenario did not reach its expected outcome in time; the message says which. */
public final class ScenarioFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioFailedException(String message) {
    super(message);
  }
}
