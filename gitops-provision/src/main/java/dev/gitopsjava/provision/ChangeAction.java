package dev.gitopsjava.provision;

/** What a plan does to one instance, with Terraform's plan symbols. */
public enum ChangeAction {
  NO_OP(" "),
  CREATE("+"),
  UPDATE("~"),
  REPLACE("-/+"),
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
