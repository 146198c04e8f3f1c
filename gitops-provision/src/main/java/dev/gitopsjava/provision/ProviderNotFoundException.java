package dev.gitopsjava.provision;

import java.util.Set;

/** No provider with the spec's name is registered or on the class path. */
public class ProviderNotFoundException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming what is at fault. */
  public ProviderNotFoundException(String name, Set<String> known) {
    super("no compute provider named \"" + name + "\" (known: "
        + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
  }
}
