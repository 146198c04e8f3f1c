package dev.gitopsjava.samples.cli;

import dev.gitopsjava.provision.ApplyResult;
import dev.gitopsjava.provision.ComputeProviders;
import dev.gitopsjava.provision.DependencyLock;
import dev.gitopsjava.provision.InstanceGroup;
import dev.gitopsjava.provision.Plan;
import dev.gitopsjava.provision.PlanCommand;
import dev.gitopsjava.provision.PlanFile;
import dev.gitopsjava.provision.ProvisionException;
import dev.gitopsjava.provision.Provisioner;
import dev.gitopsjava.provision.state.StateEncryption;
import dev.gitopsjava.provision.state.StateLock;
import dev.gitopsjava.provision.state.StateStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gitops provision}: plan, apply and destroy instance groups with a locked, encrypted state,
 * and pull or push the state in plaintext.
 *
 * <pre>
 * gitops provision plan    -f SPEC.yaml --state FILE [--target SLOT]... [--exclude SLOT]...
 *                          [--refresh-only] [--out PLAN] [--upgrade-lock]
 * gitops provision apply   -f SPEC.yaml --state FILE [--target SLOT]... [--exclude SLOT]...
 *                          [--refresh-only] [--plan PLAN]
 * gitops provision destroy -f SPEC.yaml --state FILE [--target SLOT]... [--exclude SLOT]...
 * gitops provision state decrypt --state FILE       (plaintext JSON on stdout)
 * gitops provision state encrypt --state FILE       (plaintext JSON on stdin)
 * gitops provision force-unlock LOCK_ID --state FILE [--lease NAMESPACE/NAME]
 * </pre>
 *
 * {@code --lease NAMESPACE/NAME} locks with a Kubernetes Lease (renewed in the background, expires
 * after {@code --lease-duration} if the process dies, fences a holder that lost it) instead of the
 * local file lock. {@code --exclude} leaves a slot untouched (Terraform's {@code -exclude});
 * {@code --refresh-only} only brings the state in line with the real instances (Terraform's {@code
 * -refresh-only}): plan shows the state records that would change, apply writes them and touches
 * no instance.
 *
 * The state passphrase comes only from {@code GITOPS_STATE_PASSPHRASE} (a previous one for rotation
 * from {@code GITOPS_STATE_PASSPHRASE_FALLBACK}); never from a flag, never printed. PBKDF2
 * iterations for new writes: {@code GITOPS_STATE_PBKDF2_ITERATIONS} (default 600000, at least
 * 200000). The lock is a
 * local file lock beside the state; the lock file of the spec ({@code SPEC.lock.json}) pins the
 * provider version and image/flavor IDs. Exit codes: plan 0 no changes, 1 changes; apply/destroy 0
 * done, 2 any instance failed; 2 for every error.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = {"Provision instances (the Terraform role): plan, apply, destroy; state tools.",
        "Passphrase from GITOPS_STATE_PASSPHRASE only."},
    subcommands = {ProvisionCommand.PlanCmd.class, ProvisionCommand.ApplyCmd.class,
        ProvisionCommand.DestroyCmd.class, ProvisionCommand.StateCmd.class,
        ProvisionCommand.ForceUnlockCmd.class})
public final class ProvisionCommand implements Runnable {

  static final String PASSPHRASE_ENV = "GITOPS_STATE_PASSPHRASE";
  static final String FALLBACK_ENV = "GITOPS_STATE_PASSPHRASE_FALLBACK";
  static final String ITERATIONS_ENV = "GITOPS_STATE_PBKDF2_ITERATIONS";

  private final Map<String, String> env;
  private final InputStream stdin;
  private final Supplier<KubernetesClient> kubernetes;

  @Spec CommandSpec spec;

  /** Used by picocli from {@code gitops}: the process environment and stdin. */
  public ProvisionCommand() {
    this(System.getenv(), System.in, () -> new KubernetesClientBuilder().build());
  }

  /**
   * For tests and embedders: an explicit environment, stdin, and the Kubernetes client used for
   * {@code --lease} (from kubeconfig by default; not closed by the command).
   */
  public ProvisionCommand(Map<String, String> env, InputStream stdin,
      Supplier<KubernetesClient> kubernetes) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.kubernetes = kubernetes;
  }

  /** A command line rooted at {@code provision} with the project's error handling. */
  static CommandLine commandLine(Map<String, String> env, InputStream stdin,
      Supplier<KubernetesClient> kubernetes) {
    CommandLine cl = new CommandLine(new ProvisionCommand(env, stdin, kubernetes));
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new OneLineErrors());
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  StateEncryption encryption() {
    String pass = env.get(PASSPHRASE_ENV);
    if (pass == null || pass.isEmpty()) {
      throw new ProvisionException(PASSPHRASE_ENV + " is not set; the state is always encrypted");
    }
    StateEncryption.Builder b;
    try {
      b = StateEncryption.builder().passphrase(pass).enforced(true);
      String iterations = env.get(ITERATIONS_ENV);
      if (iterations != null && !iterations.isEmpty()) {
        try {
          b.iterations(Integer.parseInt(iterations.trim()));
        } catch (NumberFormatException e) {
          throw new ProvisionException(ITERATIONS_ENV + " must be a whole number: " + iterations);
        }
      }
      String old = env.get(FALLBACK_ENV);
      if (old != null && !old.isEmpty()) {
        b.fallbackPassphrase("main", old);
      }
    } catch (IllegalArgumentException e) {
      // The message says what is wrong (length), never the value.
      throw new ProvisionException(PASSPHRASE_ENV + ": " + e.getMessage());
    }
    return b.build();
  }

  /** The state lock: a Kubernetes Lease when {@code lease} is {@code NAMESPACE/NAME}, else local. */
  StateLock stateLock(Path state, Optional<String> lease, Duration leaseDuration) {
    if (lease.isEmpty()) {
      return StateLock.localFile(state);
    }
    String[] parts = lease.get().split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new ProvisionException("--lease must be NAMESPACE/NAME: " + lease.get());
    }
    return StateLock.kubernetesLease(kubernetes.get(), parts[0], parts[1])
        .leaseDuration(leaseDuration).build();
  }

  Provisioner provisioner(SpecOptions o) {
    return provisioner(o.state, Optional.of(o.spec), o.lockTimeout(),
        stateLock(o.state, Optional.ofNullable(o.lease), o.leaseDuration()));
  }

  Provisioner provisioner(Path state, Optional<Path> specFile, Duration lockTimeout,
      StateLock lock) {
    Provisioner.Builder b = Provisioner.builder()
        .providers(ComputeProviders.fromServiceLoader(ProvisionCommand.class.getClassLoader()))
        .environment(env)
        .state(StateStore.file(state, encryption()))
        .lock(lock)
        .lockTimeout(lockTimeout);
    specFile.ifPresent(f -> b.dependencyLock(DependencyLock.pathFor(f)));
    return b.build();
  }

  /** Options shared by plan, apply and destroy. */
  static final class SpecOptions {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "SPEC.yaml",
        description = "The InstanceGroup spec.")
    Path spec;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "State file.")
    Path state;

    @Option(names = "--target", paramLabel = "SLOT",
        description = "Only these instances (e.g. workers-1 or workers[1]); exceptional use.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "SLOT",
        description = "Leave these instances untouched (e.g. workers-1 or workers[1]); "
            + "not with --target of the same slot.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "0s", converter = DurationConverter.class,
        description = "Wait this long for a held lock, e.g. 30s, 5m (default: fail at once).")
    Duration lockTimeout;

    @Option(names = "--lease", paramLabel = "NAMESPACE/NAME",
        description = "Lock with this Kubernetes Lease (duration, renewal, fencing) instead of a "
            + "local file lock; the cluster comes from kubeconfig.")
    String lease;

    @Option(names = "--lease-duration", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
        description = "How long the lease lasts without renewal (default 60s).")
    Duration leaseDuration;

    Duration lockTimeout() {
      return lockTimeout;
    }

    Duration leaseDuration() {
      return leaseDuration;
    }
  }

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = {"Refresh and show what apply would do.",
          "Exit codes: 0 no changes, 1 changes, 2 error."})
  static final class PlanCmd implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;
    @Spec CommandSpec spec;
    @CommandLine.Mixin SpecOptions o;

    @Option(names = "--out", paramLabel = "PLAN", description = "Save the plan (encrypted).")
    Path out;

    @Option(names = "--upgrade-lock",
        description = "Accept a new provider version or image/flavor IDs and rewrite the lock file.")
    boolean upgradeLock;

    @Option(names = "--destroy", description = "Plan to destroy every instance.")
    boolean destroy;

    @Option(names = "--refresh-only", description = "Only show how the state differs from the "
        + "real instances (exit 1 if it does); plans no instance change.")
    boolean refreshOnly;

    @Override
    public Integer call() {
      InstanceGroup group = InstanceGroup.fromYaml(o.spec);
      Provisioner p = parent.provisioner(o);
      Plan plan = planCommand(p, group, o, destroy, refreshOnly).upgradeLock(upgradeLock).call();
      PrintWriter w = spec.commandLine().getOut();
      w.print(plan.render());
      if (out != null) {
        PlanFile.write(plan, out, parent.encryption());
        w.println("Saved the plan to " + out + "; apply it with: gitops provision apply -f "
            + o.spec + " --state " + o.state + " --plan " + out);
      }
      w.flush();
      return plan.hasChanges() ? GitOpsCommand.DIFFERENT : GitOpsCommand.OK;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = {"Plan (or load a saved plan) and apply it, without asking.",
          "Exit codes: 0 done, 2 error or an instance failed."})
  static final class ApplyCmd implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;
    @Spec CommandSpec spec;
    @CommandLine.Mixin SpecOptions o;

    @Option(names = "--plan", paramLabel = "PLAN", description = "A plan saved with plan --out.")
    Path savedPlan;

    @Option(names = "--refresh-only", description = "Only write the state as the real instances "
        + "are (serial + 1); create, change or destroy nothing.")
    boolean refreshOnly;

    @Override
    public Integer call() {
      return applyPlan(parent, spec, o, savedPlan, false, refreshOnly);
    }
  }

  @Command(name = "destroy", mixinStandardHelpOptions = true,
      description = {"Destroy every instance of the group (refused under preventDestroy).",
          "Exit codes: 0 done, 2 error or an instance failed."})
  static final class DestroyCmd implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;
    @Spec CommandSpec spec;
    @CommandLine.Mixin SpecOptions o;

    @Override
    public Integer call() {
      return applyPlan(parent, spec, o, null, true, false);
    }
  }

  /** The plan command the options ask for (the caller adds the rest and calls it). */
  private static PlanCommand planCommand(Provisioner p, InstanceGroup group, SpecOptions o,
      boolean destroy, boolean refreshOnly) {
    return p.plan(group).destroy(destroy).refreshOnly(refreshOnly)
        .target(o.targets.toArray(String[]::new)).exclude(o.excludes.toArray(String[]::new));
  }

  private static int applyPlan(ProvisionCommand parent, CommandSpec spec, SpecOptions o,
      Path savedPlan, boolean destroy, boolean refreshOnly) {
    InstanceGroup group = InstanceGroup.fromYaml(o.spec);
    Provisioner p = parent.provisioner(o);
    Plan plan;
    if (savedPlan != null) {
      plan = PlanFile.read(savedPlan, parent.encryption());
      if (plan.refreshOnly() != refreshOnly || (!o.excludes.isEmpty()
          && !plan.excludes().equals(Set.copyOf(o.excludes)))) {
        throw new ProvisionException(savedPlan + " was planned "
            + (plan.refreshOnly() ? "with" : "without") + " --refresh-only and with "
            + (plan.excludes().isEmpty() ? "no --exclude" : "--exclude " + plan.excludes())
            + "; apply it with the same options or plan again");
      }
      if (!plan.group().equals(group)) {
        throw new ProvisionException(savedPlan + " was made from a different spec than "
            + o.spec + "; plan again");
      }
    } else {
      plan = planCommand(p, group, o, destroy, refreshOnly).call();
    }
    PrintWriter w = spec.commandLine().getOut();
    w.print(plan.render());
    if (!plan.hasChanges()) {
      w.flush();
      return GitOpsCommand.OK;
    }
    ApplyResult result = p.apply(plan).call();
    w.println();
    w.println(result.summary());
    w.flush();
    return result.succeeded() ? GitOpsCommand.OK : GitOpsCommand.BAD_INPUT;
  }

  @Command(name = "state", mixinStandardHelpOptions = true,
      description = "Read or write the state in plaintext, like tofu state pull/push.",
      subcommands = {StateDecryptCmd.class, StateEncryptCmd.class})
  static final class StateCmd implements Runnable {
    @ParentCommand ProvisionCommand parent;
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getErr());
    }
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = "Print the state's plaintext JSON on stdout.")
  static final class StateDecryptCmd implements Callable<Integer> {
    @ParentCommand StateCmd state;
    @Spec CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "State file.")
    Path file;

    @Override
    public Integer call() {
      ProvisionCommand root = state.parent;
      byte[] plain = StateStore.file(file, root.encryption()).readPlaintext()
          .orElseThrow(() -> new ProvisionException("no state file at " + file));
      PrintWriter w = spec.commandLine().getOut();
      w.print(new String(plain, java.nio.charset.StandardCharsets.UTF_8));
      w.flush();
      return GitOpsCommand.OK;
    }
  }

  @Command(name = "encrypt", mixinStandardHelpOptions = true,
      description = {"Read plaintext state JSON on stdin and write it encrypted to --state.",
          "An existing state must decrypt with the passphrase, keep its lineage and not lower its serial."})
  static final class StateEncryptCmd implements Callable<Integer> {
    @ParentCommand StateCmd state;
    @Spec CommandSpec spec;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "State file.")
    Path file;

    @Override
    @SuppressWarnings("try") // the lock is held for the write, not used in it
    public Integer call() throws IOException {
      ProvisionCommand root = state.parent;
      byte[] plain = root.stdin.readAllBytes();
      StateStore store = StateStore.file(file, root.encryption());
      store.readPlaintext();
      try (var lock = StateLock.localFile(file).lock(dev.gitopsjava.provision.state.LockInfo
          .create("state-encrypt", file.toString(), java.time.Clock.systemUTC()))) {
        store.writePlaintext(plain);
      }
      spec.commandLine().getErr().println("Encrypted state written to " + file);
      return GitOpsCommand.OK;
    }
  }

  @Command(name = "force-unlock", mixinStandardHelpOptions = true,
      description = "Remove a stale state lock, naming it by its ID.")
  static final class ForceUnlockCmd implements Callable<Integer> {
    @ParentCommand ProvisionCommand parent;
    @Spec CommandSpec spec;

    @CommandLine.Parameters(index = "0", paramLabel = "LOCK_ID")
    String lockId;

    @Option(names = "--state", required = true, paramLabel = "FILE", description = "State file.")
    Path file;

    @Option(names = "--lease", paramLabel = "NAMESPACE/NAME",
        description = "The state is locked with this Kubernetes Lease.")
    String lease;

    @Override
    public Integer call() {
      parent.stateLock(file, Optional.ofNullable(lease), Duration.ofSeconds(60))
          .forceUnlock(lockId);
      spec.commandLine().getOut().println("Lock " + lockId + " removed.");
      return GitOpsCommand.OK;
    }
  }
}
