package dev.gitopsjava.provision.state;

import dev.gitopsjava.provision.ProvisionException;
import org.jspecify.annotations.Nullable;

/** The state file cannot be read or written: missing, malformed, or not what was expected. */
public class StateException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public StateException(String message) {
    super(message);
  }

  /** An exception with a message naming what is at fault, and its cause. */
  public StateException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
