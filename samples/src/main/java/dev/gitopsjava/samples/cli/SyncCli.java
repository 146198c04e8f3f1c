package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.SyncCommand;
import dev.gitopsjava.core.sync.ResourceResult;
import dev.gitopsjava.core.sync.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops sync APP.yaml [--dry-run] [--prune] [--kubeconfig PATH]}: one manual sync of an
 * application, as {@code argocd app sync} does. Prints the plan, then (unless a dry run) one line per
 * resource and the outcome. Exit 0 when the sync succeeded, 2 when it failed or could not start
 * (one line on stderr names the file, field or resource).
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Sync an application from Git to the cluster once.",
        "Exit codes: 0 synced, 2 failed or bad input."})
final class SyncCli implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "APP.yaml", description = "An Argo CD Application manifest.")
  Path application;

  @Option(names = "--dry-run", description = "Print the plan only; write nothing.")
  boolean dryRun;

  @Option(names = "--prune", description = "Delete resources that left Git (default: the application's syncPolicy.automated.prune).")
  boolean prune;

  @Mixin ClusterOptions cluster;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Application app = Application.read(application);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onTerminal(err);
    try (Engine engine = new Engine(cluster)) {
      Engine.announceFetch(progress, app);
      SyncCommand sync = engine.gitOps(progress).sync(app).dryRun(dryRun);
      if (prune) {
        sync.prune(true);
      }
      SyncResult result = sync.call();
      if (result.outcome() == SyncResult.Outcome.ERROR) {
        err.println("gitops: " + application + ": " + result.message().replace('\n', ' '));
        err.flush();
        return GitOpsCommand.BAD_INPUT;
      }
      out.println("# commit: " + result.commit());
      out.print(result.plan().render());
      if (!dryRun) {
        for (ResourceResult r : result.resources()) {
          out.println(line(r));
        }
        out.println(result.succeeded() ? "Sync succeeded." : "Sync failed: " + result.message());
      }
      out.flush();
      if (!result.succeeded()) {
        err.println("gitops: " + application + ": sync failed: " + firstFailure(result));
        err.flush();
        return GitOpsCommand.BAD_INPUT;
      }
      return GitOpsCommand.OK;
    }
  }

  private static String line(ResourceResult r) {
    return String.format("%-8s %-9s %s%s", r.status().name().toLowerCase(java.util.Locale.ROOT),
        r.action().name().toLowerCase(java.util.Locale.ROOT), r.key(), r.message().isEmpty() ? "" : ": " + r.message());
  }

  private static String firstFailure(SyncResult result) {
    return result.resources(ResourceResult.Status.FAILED).stream().findFirst()
        .map(r -> r.key() + ": " + r.message().replace('\n', ' '))
        .orElse(result.message().replace('\n', ' '));
  }
}
