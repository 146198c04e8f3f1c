package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.SyncCommand;
import dev.gitopsjava.core.sync.ResourceResult;
import dev.gitopsjava.core.sync.SyncResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops sync APP.yaml [--dry-run] [--prune] [--timeout DURATION] [--kubeconfig PATH]}: one
 * manual sync of an application, as {@code argocd app sync} does. Prints the plan, then (unless a dry
 * run) one line per resource and the outcome. Exit 0 when the sync succeeded, 2 when it failed, timed
 * out or could not start (one line on stderr names the file, field or resource).
 *
 * <p>{@code --timeout} bounds the health waits between sync waves (the failure then names the wave
 * and what it waited for) and, at most 5 s later, the whole command, so a hung fetch cannot hold a
 * pipeline forever. What was written before the timeout stays, as with {@code argocd app sync
 * --timeout}; running the command again continues from there.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
    description = {"Sync an application from Git to the cluster once.",
        "Exit codes: 0 synced, 2 failed or bad input."})
final class SyncCli implements Callable<Integer> {
  private static final Duration GRACE = Duration.ofSeconds(5);

  @Parameters(index = "0", paramLabel = "APP.yaml", description = "An Argo CD Application manifest.")
  Path application;

  @Option(names = "--dry-run", description = "Print the plan only; write nothing.")
  boolean dryRun;

  @Option(names = "--prune", description = "Delete resources that left Git (default: the application's syncPolicy.automated.prune).")
  boolean prune;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
      description = "Give up after this long, e.g. 90s, 10m (default 5m). Health waits count; what was "
          + "written stays.")
  Duration timeout;

  @Mixin ClusterOptions cluster;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (timeout.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be longer than 0s");
    }
    Application app = Application.read(application);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onTerminal(err);
    try (Engine engine = new Engine(cluster)) {
      Engine.announceFetch(progress, app);
      SyncCommand sync = engine.gitOps(progress, timeout).sync(app).dryRun(dryRun);
      if (prune) {
        sync.prune(true);
      }
      SyncResult result;
      try {
        result = withTimeout(sync);
      } catch (TimeoutException e) {
        err.println("gitops: " + application + ": sync timed out after " + timeout.toString().substring(2).toLowerCase(
            java.util.Locale.ROOT) + "; what was written stays, run it again to continue");
        err.flush();
        return GitOpsCommand.BAD_INPUT;
      }
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

  /**
   * Runs the sync on its own daemon thread and waits {@code timeout} plus {@link #GRACE}, so that a
   * health wait that times out inside the sync (and names what it waited for) is reported first: the
   * engine polls health every 2 s, so its own timeout can land up to one poll late.
   */
  private SyncResult withTimeout(SyncCommand sync) throws TimeoutException {
    CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(sync::call, task -> {
      Thread thread = new Thread(task, "gitops-sync");
      thread.setDaemon(true);
      thread.start();
    });
    try {
      return running.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TimeoutException("interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
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
