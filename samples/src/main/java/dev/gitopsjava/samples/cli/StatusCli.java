package dev.gitopsjava.samples.cli;

import dev.gitopsjava.core.Application;
import dev.gitopsjava.core.ApplicationStatus;
import dev.gitopsjava.core.GitOps;
import dev.gitopsjava.core.health.ApplicationHealth;
import dev.gitopsjava.core.health.HealthAssessor;
import dev.gitopsjava.core.health.HealthCode;
import dev.gitopsjava.core.health.ManagedResource;
import dev.gitopsjava.core.sync.SyncAction;
import dev.gitopsjava.core.sync.SyncResult;
import dev.gitopsjava.core.sync.SyncTask;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops status APP.yaml [--kubeconfig PATH]}: compares the application once (render Git,
 * compare with the cluster, assess health) without syncing, and prints sync status and commit,
 * health, conditions and the resources out of sync, as {@code argocd app get} does.
 * Exit 0 when Synced and Healthy, 1 when out of sync or not healthy, 2 when it could not compare.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Compare an application with the cluster once and print its status.",
        "Exit codes: 0 Synced and Healthy, 1 OutOfSync or not Healthy, 2 error."})
final class StatusCli implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "APP.yaml", description = "An Argo CD Application manifest.")
  Path application;

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
      ApplicationStatus status = compare(engine.gitOps(progress), app, Clock.systemUTC());
      print(out, status);
      if (status.sync() == ApplicationStatus.SyncStatus.UNKNOWN) {
        String why = status.condition(ApplicationStatus.Condition.COMPARISON_ERROR)
            .map(ApplicationStatus.Condition::message).orElse("could not compare with the cluster");
        err.println("gitops: " + application + ": " + why.replace('\n', ' '));
        err.flush();
        return GitOpsCommand.BAD_INPUT;
      }
      boolean fine = status.sync() == ApplicationStatus.SyncStatus.SYNCED && status.health() == HealthCode.HEALTHY;
      return fine ? GitOpsCommand.OK : GitOpsCommand.DIFFERENT;
    }
  }

  /**
   * One comparison, as the engine's refresh makes it, from a dry-run sync: a resource is out of sync
   * when the plan would create, update or prune it (a namespace created by {@code CreateNamespace}
   * does not count), and health is assessed over the desired resources. A dry run starts no watch
   * and writes nothing, which suits a one-shot command better than managing the application.
   */
  static ApplicationStatus compare(GitOps gitOps, Application app, Clock clock) {
    SyncResult plan = gitOps.sync(app).dryRun(true).call();
    Instant now = clock.instant();
    if (plan.outcome() == SyncResult.Outcome.ERROR) {
      return new ApplicationStatus(app.name(), ApplicationStatus.SyncStatus.UNKNOWN, plan.commit(), HealthCode.UNKNOWN,
          "", List.of(new ApplicationStatus.Condition(ApplicationStatus.Condition.COMPARISON_ERROR, plan.message(), now)),
          Optional.empty(), List.of(), List.of(), now);
    }
    List<String> outOfSync = new ArrayList<>();
    List<ManagedResource> resources = new ArrayList<>();
    for (SyncTask t : plan.plan().tasks()) {
      if (t.action() != SyncAction.UNCHANGED && t.role() != SyncTask.Role.CREATED_NAMESPACE) {
        outOfSync.add(t.action().name().toLowerCase(Locale.ROOT) + " " + t.key());
      }
      if (!t.isPrune() && t.role() == SyncTask.Role.RESOURCE) {
        resources.add(ManagedResource.of(t.desired(), t.live()));
      }
    }
    ApplicationHealth health = HealthAssessor.withServices().assessApplication(resources);
    return new ApplicationStatus(app.name(),
        outOfSync.isEmpty() ? ApplicationStatus.SyncStatus.SYNCED : ApplicationStatus.SyncStatus.OUT_OF_SYNC,
        plan.commit(), health.status(), health.causesMessage(), List.of(), Optional.empty(), List.of(), outOfSync, now);
  }

  static void print(PrintWriter out, ApplicationStatus s) {
    out.println("Application: " + s.application());
    out.println("Sync:        " + syncName(s.sync()) + (s.revision().isEmpty() ? "" : " to " + s.revision()));
    out.println("Health:      " + s.health().displayName()
        + (s.healthMessage().isEmpty() ? "" : " (" + s.healthMessage().replace('\n', ' ') + ")"));
    if (s.conditions().isEmpty()) {
      out.println("Conditions:  none");
    } else {
      out.println("Conditions:");
      s.conditions().forEach(c -> out.println("  " + c.type() + ": " + c.message().replace('\n', ' ')));
    }
    if (s.outOfSync().isEmpty()) {
      out.println("Out of sync: none");
    } else {
      out.println("Out of sync:");
      s.outOfSync().forEach(r -> out.println("  " + r));
    }
    out.flush();
  }

  private static String syncName(ApplicationStatus.SyncStatus sync) {
    return switch (sync) {
      case SYNCED -> "Synced";
      case OUT_OF_SYNC -> "OutOfSync";
      case UNKNOWN -> "Unknown";
    };
  }
}
