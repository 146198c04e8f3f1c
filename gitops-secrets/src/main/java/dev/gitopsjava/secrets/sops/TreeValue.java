package dev.gitopsjava.secrets.sops;

/**
 * A value in a SOPS tree, the shape every store (YAML, JSON, dotenv, ...) is read into. It mirrors
 * SOPS's own {@code TreeBranch}/{@code []interface{}} model: comments are items of their mapping or
 * sequence, so they keep their place and get encrypted with their enclosing path.
 */
sealed interface TreeValue permits TreeBranch, TreeList, TreeScalar, TreeComment {

  /** A deep copy (the tree classes are mutable while a store builds them). */
  TreeValue copy();
}
