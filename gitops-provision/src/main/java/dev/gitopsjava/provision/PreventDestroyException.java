package dev.gitopsjava.provision;

import java.util.List;

/** The plan would destroy instances of a group with {@code lifecycle.preventDestroy}. */
public class PreventDestroyException extends ProvisionException {
  private static final long serialVersionUID = 1L;

  /** {@code instances}, kept in the serialized form. */
  private final List<String> instances;

  /** An exception with a message naming what is at fault. */
  public PreventDestroyException(String group, List<String> instances) {
    super("group " + group + " has lifecycle.preventDestroy, but the plan would destroy "
        + String.join(", ", instances) + "; remove preventDestroy from the spec to allow it");
    this.instances = List.copyOf(instances);
  }

  /** The slots the plan would have destroyed. */
  public List<String> instances() {
    return instances;
  }
}
