package dev.gitopsjava.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Prints any failure as one line on stderr and exits 2: scripts rely on the exit code, people on
 * the message, which already names the file or field at fault.
 */
final class OneLineErrors
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    cl.getErr().println("gitops: " + message.replace('\n', ' '));
    cl.getErr().flush();
    return GitOpsCommand.BAD_INPUT;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    cl.getErr().println("gitops: " + ex.getMessage());
    cl.getErr().flush();
    return GitOpsCommand.BAD_INPUT;
  }
}
