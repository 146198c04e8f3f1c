package dev.gitopsjava.provision;

/**
 * Terraform's {@code lifecycle} arguments that matter for instances.
 *
 * @param preventDestroy refuse any plan that would destroy an instance of the group (delete or
 *     replace)
 * @param createBeforeDestroy on replace, create the new instance first and delete the old one after
 */
public record Lifecycle(boolean preventDestroy, boolean createBeforeDestroy) {

  /** Both off, as in Terraform. */
  public static Lifecycle defaults() {
    return new Lifecycle(false, false);
  }
}
