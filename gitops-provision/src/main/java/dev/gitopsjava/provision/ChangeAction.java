package dev.gitopsjava.provision;

/** What a plan does to one instance, with Terraform's plan symbols. */
public enum ChangeAction {
  /** Nothing to do: the instance matches the spec. */
  NO_OP(" "),
  /** A new instance is created. */
  CREATE("+"),
  /** The instance is changed in place (labels). */
  UPDATE("~"),
  /** The instance is destroyed and created again (an attribute that cannot change in place). */
  REPLACE("-/+"),
  /** The instance is destroyed. */
  DELETE("-");

  private final String symbol;

  ChangeAction(String symbol) {
    this.symbol = symbol;
  }

  /** The symbol Terraform prints for this action. */
  public String symbol() {
    return symbol;
  }

  /** True for actions that destroy an existing instance (what prevent_destroy forbids). */
  public boolean destroys() {
    return this == DELETE || this == REPLACE;
  }
}
