package dev.gitopsjava.core.diff;

import dev.gitopsjava.core.GitOpsException;

/**
 * An ignore rule that cannot be used: a JSON pointer that does not start with {@code /}, or a jq
 * expression outside the supported subset. The message names the expression and the position.
 */
public class InvalidIgnoreRuleException extends GitOpsException {
  private static final long serialVersionUID = 1L;

  /** {@code expression}, kept in the serialized form. */
  private final String expression;

  /** An exception with a message naming what is at fault. */
  public InvalidIgnoreRuleException(String expression, String problem) {
    super("unsupported ignoreDifferences expression '" + expression + "': " + problem);
    this.expression = expression;
  }

  /** The expression as written in the rule. */
  public String expression() {
    return expression;
  }
}
