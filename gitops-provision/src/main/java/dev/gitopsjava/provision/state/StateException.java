package dev.gitopsjava.provision.state;

import dev.gitopsjava.provision.ProvisionException;
import org.jspecify.annotations.Nullable;

/** The state file cannot be read or written: missing, malformed, or not what was expected. */
public class StateException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
