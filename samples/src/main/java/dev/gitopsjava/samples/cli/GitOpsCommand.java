package dev.gitopsjava.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gitops} command line. Built only on the public API of the SDK, so each subcommand is
 * also a usage example.
 *
 * <p>Exit codes: 0 ok, 1 differences found (diff, plan), 2 usage or input error with a one-line
 * message naming the file or field.
 */
@Command(
    name = "gitops",
    mixinStandardHelpOptions = true,
    versionProvider = GitOpsCommand.Version.class,
    description = "GitOps from the JVM: render, diff, sync, seal, provision.",
    subcommands = {
        // Each command registers itself here, one line per command.
        DemoCommand.class,
        RenderCommand.class,
        DiffCommand.class,
        SyncCli.class,
        StatusCli.class,
        SealCli.class,
        UnsealCli.class,
        ProvisionCommand.class,
        SopsCommand.class,
        AgeCommand.class,
    })
public final class GitOpsCommand implements Runnable {

  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code when differences were found (diff, plan). */
  public static final int DIFFERENT = 1;
  /** Exit code for usage or input errors. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  /** Builds the command line with the project's error handling (one line, exit 2). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new GitOpsCommand());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new OneLineErrors());
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = GitOpsCommand.class.getPackage().getImplementationVersion();
      return new String[] {"gitops " + (v == null ? "dev" : v)};
    }
  }
}
